import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it holds; past `deadlineMs`, fails naming what it waited for. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${deadlineMs} ms for ${what}`);
    await sleep(20);
  }
}

/** `promise`, or a failure naming what it waited for once `deadlineMs` have passed. */
export async function withDeadline<T>(what: string, promise: Promise<T>, deadlineMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${deadlineMs} ms for ${what}`)), deadlineMs);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
