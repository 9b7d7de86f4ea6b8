import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it holds; past `deadlineMs`, fails naming what it waited for. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${deadlineMs} ms for ${what}`);
    await sleep(20);
  }
}
