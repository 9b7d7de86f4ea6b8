import fs from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';

/** The Chromium the browser tests drive (Debian's, or CHROMIUM_PATH). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * `describe` for a browser test. Without Chromium: skipped with a warning on a
 * developer's machine, but under `CI=true` (as `.ci/run` sets) the block holds
 * one test that fails naming the missing browser, so CI can never pass by
 * skipping.
 */
export function browserDescribe(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a Chromium to run in (CI=true: a missing browser fails, it is not skipped)', () => {
        throw new Error(`browser test cannot run: ${why}`);
      });
    });
    return;
  }
  console.warn(`browser test skipped: ${why}`);
  describe.skip(name, body);
}

/** Headless Chromium as every browser test drives it (no sandbox, no GPU, nothing fetched in the background). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** How long any one thing on a page may take to appear, unless a test says otherwise. */
export const PAGE_DEADLINE_MS = 30_000;

/** Waits for `locator` to be visible; past the deadline, fails naming `what` it waited for. */
export async function until(what: string, locator: Locator, timeout = PAGE_DEADLINE_MS): Promise<void> {
  await locator.waitFor({ timeout }).catch((error: Error) => {
    throw new Error(`waited ${timeout} ms for ${what}: ${error.message.split('\n')[0]}`);
  });
}
