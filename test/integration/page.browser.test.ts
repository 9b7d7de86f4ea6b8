import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { browserDescribe, CHROMIUM } from '../support/browser-describe';
import { startTestStack, testEnv, type TestStack } from '../support/stack';

const ROOT = path.resolve(__dirname, '../..');
/** `UPDATE_SCREENSHOTS=1 pnpm test` refreshes the committed screenshots in docs/. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs') : path.join(ROOT, '.cache/screenshots');

/** The web page in headless Chromium, against the real API on a slice of the corpus. */
browserDescribe('the web page', () => {
  let stack: TestStack;
  let browser: Browser;
  let points: number;

  beforeAll(async () => {
    stack = await startTestStack();
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 300 });
    const status = await stack.waitForIngest(accepted.body.jobId);
    points = status.result!.points;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('searches, opens similar reviews, compares two results, and draws the map with the hits', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(stack.baseUrl);

    // The map of the whole slice (sample 1000 > 300 points) is drawn on load.
    await page.locator('#map circle.point').nth(points - 1).waitFor();
    expect(await page.locator('#map circle.point').count()).toBe(points);

    // Type a query with the keyboard and submit with Enter.
    await page.getByLabel('Query').fill('cable that crackles and hums');
    await page.getByLabel('Min rating').selectOption('1');
    await page.getByLabel('Query').press('Enter');
    await page.locator('#results li').first().waitFor();
    expect(await page.locator('#results li').count()).toBe(10);
    await expect(page.locator('#search-status').textContent()).resolves.toMatch(/^10 reviews in [\d.]+ ms\.$/);
    const scores = (await page.locator('#results .score').allTextContents()).map(Number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    // The hits are highlighted on the map: every result is in the sample, since the sample is the whole slice.
    await page.locator('#map circle.hit').nth(9).waitFor();
    expect(await page.locator('#map circle.hit').count()).toBe(10);

    // Similar reviews of the first result.
    const firstId = await page.locator('#results li').first().getAttribute('data-id');
    await page.locator('#results li').first().getByRole('button', { name: 'Similar reviews' }).click();
    await page.locator('#similar li[data-id]').nth(4).waitFor();
    const similarIds = await page.locator('#similar li[data-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')));
    expect(similarIds).toHaveLength(5);
    expect(similarIds).not.toContain(firstId);

    // The similarity of two picked results.
    await page.locator('#results li').nth(0).getByLabel('compare').check();
    await page.locator('#results li').nth(1).getByLabel('compare').check();
    await page.locator('#similarity .value').waitFor();
    const value = Number(await page.locator('#similarity .value').textContent());
    expect(value).toBeGreaterThan(-1);
    expect(value).toBeLessThan(1);
    await expect(page.locator('#similarity').textContent()).resolves.toMatch(/random pairs of reviews/);

    // Hovering a point shows its review.
    await page.locator('#map circle.point').first().hover();
    await page.locator('#map-tooltip').waitFor();
    expect((await page.locator('#map-tooltip').textContent())!.length).toBeGreaterThan(10);

    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page.png'), fullPage: true });
    await page.locator('#map-panel').screenshot({ path: path.join(SCREENSHOTS, 'map.png') });
    await page.close();
  });
});
