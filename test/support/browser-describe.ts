import fs from 'node:fs';

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
