import type { Browser } from 'playwright-core';
import { CANARIES, canariesIn } from '../support/canaries';
import { browserDescribe, launchChromium } from '../support/browser-describe';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

const KEY = CANARIES.API_KEY;

/** Bull Board in headless Chromium: the API key as the password of HTTP Basic, as a person types it in the browser's prompt. */
browserDescribe('the queue dashboard in a browser', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startTestStack(testConfig({ API_KEY: KEY }), { workers: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('with the key as password (any user name) the page lists the ingest queues, with no error', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'operator', password: KEY } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const failed: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      const response = await page.goto(`${stack.baseUrl}/admin/queues`);
      expect(response?.status()).toBe(200);
      // Both queues are drawn by the page's script from the dashboard's API (itself behind the key).
      await page.getByText('ingest-sources').first().waitFor({ timeout: 30_000 });
      await page.getByText('ingest-batches').first().waitFor({ timeout: 30_000 });
      expect(errors).toEqual([]);
      expect(failed).toEqual([]);
      expect(canariesIn(await page.content())).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without credentials, or with a wrong password, the dashboard answers only 401 asking for Basic, and serves nothing else', async () => {
    for (const httpCredentials of [undefined, { username: 'operator', password: 'wrong-key-0123456789abcdef' }]) {
      const context = await browser.newContext(httpCredentials ? { httpCredentials } : {});
      try {
        const page = await context.newPage();
        const answers: { status: number; challenge?: string }[] = [];
        page.on('response', (response) => {
          if (response.url().includes('/admin/queues')) answers.push({ status: response.status(), challenge: response.headers()['www-authenticate'] });
        });
        // Headless, nobody answers the login prompt: Chromium either ends the navigation with
        // ERR_INVALID_AUTH_CREDENTIALS or shows the 401 itself; either way only 401s came back.
        await page.goto(`${stack.baseUrl}/admin/queues`).catch((error: Error) => {
          expect(error.message).toMatch(/ERR_INVALID_AUTH_CREDENTIALS/);
        });
        expect(answers.length).toBeGreaterThanOrEqual(1);
        for (const answer of answers) expect(answer).toEqual({ status: 401, challenge: expect.stringMatching(/^Basic realm="/) });
      } finally {
        await context.close();
      }
    }
  });
});
