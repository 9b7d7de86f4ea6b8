import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserDescribe, launchChromium, PAGE_DEADLINE_MS as DEADLINE_MS, until } from '../support/browser-describe';
import { checkPageAnswers } from '../support/page-answers';
import { startTestStack, testEnv, type TestStack } from '../support/stack';

const ROOT = path.resolve(__dirname, '../..');
/** `UPDATE_SCREENSHOTS=1 pnpm test` refreshes the committed screenshots in docs/. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs') : path.join(ROOT, '.cache/screenshots');
/** This query finds the two reviews of one mic (0.927 apart): the closest pair of the slice that search does not fold into one. */
const MIC_QUERY = 'This mic is well made (heavy on the mic-end). However, I have yet to try it';

/**
 * Everything that went wrong on a page, as it happens: script errors, console
 * errors, failed requests, HTTP errors (and the API's answers are checked
 * against its OpenAPI document).
 */
function watchProblems(page: Page): string[] {
  checkPageAnswers(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Submits the search form with Enter and waits for the status line to leave "Searching…"; answers the line. */
async function submitSearch(page: Page): Promise<string> {
  await page.getByLabel('Query').press('Enter');
  await page
    // Run in the page, where globalThis is its window (the tests' TypeScript has no DOM types).
    .waitForFunction(() => (globalThis as any).document.querySelector('#search-status').textContent !== 'Searching…', null, { timeout: DEADLINE_MS })
    .catch((error: Error) => {
      throw new Error(`waited ${DEADLINE_MS} ms for the search status to leave "Searching…": ${error.message.split('\n')[0]}`);
    });
  return (await page.locator('#search-status').textContent()) ?? '';
}

/** Where the layout spills: the Search button against its panel, the page's width, and any element past the window's right edge. */
async function layout(page: Page) {
  const button = page.locator('#search-form button[type="submit"]');
  const [buttonBox, panelBox] = await Promise.all([button.boundingBox(), page.locator('.panel', { has: button }).boundingBox()]);
  const widths = await page.evaluate(() => {
    const { document, innerWidth } = globalThis as any;
    const name = (e: any) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map((c) => `.${c}`).join('')}`;
    return {
      windowWidth: innerWidth as number,
      scrollWidth: document.documentElement.scrollWidth as number,
      pastRightEdge: [...document.querySelectorAll('body *')].filter((e: any) => e.getBoundingClientRect().right > innerWidth + 0.5).map(name),
    };
  });
  return { button: buttonBox!, panel: panelBox!, ...widths };
}

/** The Search button lies inside its panel, and nothing reaches past the window's width. */
function expectFits(box: Awaited<ReturnType<typeof layout>>): void {
  expect(box.button.x).toBeGreaterThanOrEqual(box.panel.x);
  expect(box.button.x + box.button.width).toBeLessThanOrEqual(box.panel.x + box.panel.width);
  expect(box.button.y).toBeGreaterThanOrEqual(box.panel.y);
  expect(box.button.y + box.button.height).toBeLessThanOrEqual(box.panel.y + box.panel.height);
  expect(box.scrollWidth).toBeLessThanOrEqual(box.windowWidth);
  expect(box.pastRightEdge).toEqual([]);
}

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
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A page at `width` px, its problems watched, with the map of the whole slice (sample 1000 > 300 points) drawn. */
  async function openPage(width: number, height = 1300): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height } });
    // Every action (click, textContent…) waits for its element at most this long, and its error names the locator.
    page.setDefaultTimeout(DEADLINE_MS);
    const problems = watchProblems(page);
    await page.goto(stack.baseUrl);
    await until(`the map's ${points} points`, page.locator('#map circle.point').nth(points - 1));
    return { page, problems };
  }

  it.each([
    [1400, 1300, 'page.png'],
    [390, 844, 'page-390.png'],
  ])(
    'at %i px wide: searches, opens similar reviews, compares two results, draws the map with the hits; all inside the window, with no error',
    async (width, height, screenshot) => {
      const { page, problems } = await openPage(width, height);
      expect(await page.locator('#map circle.point').count()).toBe(points);
      expectFits(await layout(page));

      // The page names its icon, and the icon is served: no /favicon.ico 404 in the console.
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(icon).toBeTruthy();
      const iconResponse = await page.request.get(new URL(icon!, stack.baseUrl).href);
      expect(iconResponse.status()).toBe(200);
      expect(iconResponse.headers()['content-type']).toMatch(/^image\/svg\+xml/);
      expect(await iconResponse.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

      // Type a query with the keyboard and submit with Enter.
      await page.getByLabel('Query').fill('cable that crackles and hums');
      await page.getByLabel('Min rating').selectOption('1');
      expect(await submitSearch(page)).toMatch(/^10 reviews in [\d.]+ ms\.$/);
      expect(await page.locator('#results li').count()).toBe(10);
      const scores = (await page.locator('#results .score').allTextContents()).map(Number);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);

      // The hits are highlighted on the map: every result is in the sample, since the sample is the whole slice.
      await until('the 10 hits marked on the map', page.locator('#map circle.hit').nth(9));
      expect(await page.locator('#map circle.hit').count()).toBe(10);
      await expect(page.locator('#map-status').textContent()).resolves.toMatch(/ 10 of your 10 results are in this sample\.$/);

      // Similar reviews of the first result.
      const firstId = await page.locator('#results li').first().getAttribute('data-id');
      await page.locator('#results li').first().getByRole('button', { name: 'Similar reviews' }).click();
      await until('5 similar reviews', page.locator('#similar li[data-id]').nth(4));
      const similarIds = await page.locator('#similar li[data-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')));
      expect(similarIds).toHaveLength(5);
      expect(similarIds).not.toContain(firstId);
      // Similar reviews are found by their vectors: their scores are cosine similarities, and say so.
      expect(await page.locator('#similar .score-kind').allTextContents()).toEqual(Array(5).fill('cosine'));

      // The similarity of two picked results, placed among random pairs in words that do not round to 100% or 0%.
      await page.locator('#results li').nth(0).getByLabel('compare').check();
      await page.locator('#results li').nth(1).getByLabel('compare').check();
      await until('the similarity of the two picked results', page.locator('#similarity .value'));
      const value = Number(await page.locator('#similarity .value').textContent());
      expect(value).toBeGreaterThan(-1);
      expect(value).toBeLessThan(1);
      const reading = (await page.locator('#similarity').textContent())!;
      expect(reading).toMatch(/Higher than \d{1,2}(\.\d)?% of the 19,900 random pairs of reviews in 'test-/);
      expect(reading).not.toMatch(/\b100%|\b0%/);

      // Hovering a point shows its review, inside the map.
      await page.locator('#map circle.point').first().hover();
      await until('the tooltip of the first point', page.locator('#map-tooltip'));
      expect((await page.locator('#map-tooltip').textContent())!.length).toBeGreaterThan(10);

      // With results, similar reviews, a similarity and a tooltip on it, the page still fits the window.
      expectFits(await layout(page));
      expect(problems).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, screenshot), fullPage: true });
      if (width === 1400) await page.locator('#map-panel').screenshot({ path: path.join(SCREENSHOTS, 'map.png') });
      await page.close();
    },
  );

  it('says what the score is in each mode: a fused rank score (hybrid), a cosine similarity (dense), a BM25 score (sparse)', async () => {
    const { page, problems } = await openPage(1280);
    const query = 'cable that crackles and hums';
    await page.getByLabel('Query').fill(query);

    // Hybrid, the default: the scores are the fusion's, with the weights the API used.
    const { fusion } = (await stack.post('/search', { query, limit: 10 })).body;
    expect(fusion).toMatchObject({ method: 'convex', dense: expect.any(Number), sparse: expect.any(Number) });
    expect(await submitSearch(page)).toMatch(/^10 reviews in/);
    const hybrid = (await page.locator('#score-note').textContent())!;
    expect(await page.locator('#score-note').isVisible()).toBe(true);
    expect(hybrid).toMatch(/^Score: the fused rank score of the dense \(meaning\) and BM25 \(words\) result lists/);
    expect(hybrid).toContain(`${fusion.dense} × the dense score + ${fusion.sparse} × the BM25 score, each rescaled to 0–1 within its list`);
    expect(hybrid).toMatch(/It orders the results; it is not a similarity\.$/);
    expect(await page.locator('#results .score-kind').allTextContents()).toEqual(Array(10).fill('fused'));
    expect(await page.locator('#results .score').first().getAttribute('title')).toMatch(/fused rank score .*not a similarity/);

    await page.getByLabel('Mode').selectOption('dense');
    await submitSearch(page);
    expect(await page.locator('#score-note').textContent()).toBe('Score: cosine similarity of the review to the query (1 = same meaning, near 0 = unrelated).');
    expect(await page.locator('#results .score-kind').allTextContents()).toEqual(Array(10).fill('cosine'));
    const dense = (await page.locator('#results .score').allTextContents()).map(Number);
    for (const score of dense) expect(Math.abs(score)).toBeLessThanOrEqual(1);

    await page.getByLabel('Mode').selectOption('sparse');
    await submitSearch(page);
    expect(await page.locator('#score-note').textContent()).toMatch(/^Score: BM25 keyword score \(how well the query's words match the review\)/);
    expect(await page.locator('#results .score-kind').allTextContents()).toEqual(Array(10).fill('BM25'));
    // BM25 is not bounded by 1: the best match of this query scores well above it.
    expect(Number(await page.locator('#results .score').first().textContent())).toBeGreaterThan(1);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('after a search that finds nothing, says why (the filters, or no match at all), and the map line follows the latest search', async () => {
    const { page, problems } = await openPage(1280);
    const mapStatus = page.locator('#map-status');
    await page.getByLabel('Query').fill('cable that crackles and hums');
    expect(await submitSearch(page)).toMatch(/^10 reviews in/);
    await until('the 10 hits marked on the map', page.locator('#map circle.hit').nth(9));
    expect(await mapStatus.textContent()).toMatch(/ 10 of your 10 results are in this sample\.$/);

    // Filters that exclude every review: the status says so, and how to widen them; the map marks nothing.
    await page.getByLabel('Min rating').selectOption('5');
    await page.getByLabel('Group (asin)').fill('NO-SUCH-ASIN');
    expect(await submitSearch(page)).toBe(
      '0 reviews: the filters (min rating 5, asin NO-SUCH-ASIN) excluded every match; without them this search finds reviews. ' +
        'To widen them, lower the min rating, or clear the asin, or clear them.',
    );
    expect(await page.locator('#results li').count()).toBe(0);
    expect(await page.locator('#score-note').isVisible()).toBe(false);
    expect(await page.locator('#map circle.hit').count()).toBe(0);
    const afterNothing = (await mapStatus.textContent())!;
    expect(afterNothing).toMatch(/ Your last search had no results, so none are marked\.$/);
    expect(afterNothing).not.toMatch(/of your \d+ results?/);

    // One result again: the line counts it, not the ten of before.
    await page.getByLabel('Min rating').selectOption('');
    await page.getByLabel('Group (asin)').fill('');
    await page.getByRole('spinbutton', { name: 'Results' }).fill('1');
    expect(await submitSearch(page)).toMatch(/^1 review in [\d.]+ ms\.$/);
    await until('the one hit marked on the map', page.locator('#map circle.hit'));
    expect(await page.locator('#map circle.hit').count()).toBe(1);
    expect(await mapStatus.textContent()).toMatch(/ 1 of your 1 result is in this sample\.$/);

    // Words no review has, in the BM25 mode: no filters, so nothing to blame on them.
    await page.getByLabel('Mode').selectOption('sparse');
    await page.getByLabel('Query').fill('zqxjvw');
    expect(await submitSearch(page)).toBe('No review matched “zqxjvw”.');
    expect(await page.locator('#results li').count()).toBe(0);
    expect(await mapStatus.textContent()).toMatch(/ Your last search had no results, so none are marked\.$/);

    // The same with a filter: the page checked the search without it, which finds nothing either.
    await page.getByLabel('Max length').fill('2000');
    expect(await submitSearch(page)).toBe('No review matched “zqxjvw”, even without the filters (max length 2000).');

    expect(problems).toEqual([]);
    await page.close();
  });

  it('places the closest and the farthest pairs among the random pairs without rounding to "100%" or "0%"', async () => {
    const { page, problems } = await openPage(1280);
    const compare = async (first: Locator, second: Locator, what: string) => {
      await first.getByLabel('compare').check();
      await second.getByLabel('compare').check();
      await until(what, page.locator('#similarity .value'));
      return (await page.locator('#similarity').textContent())!;
    };

    // The two reviews of one mic: the closest pair of the slice, and itself one of the 19,900 pairs of the seeded
    // sample of 200 reviews, so above all of them but itself: 19,899 of 19,900, which one decimal made "100%".
    await page.getByLabel('Query').fill(MIC_QUERY);
    await submitSearch(page);
    const mics = page.locator('#results li', { hasText: /mic is well made \(heavy on the/ });
    expect(await mics.count()).toBe(2);
    const closest = await compare(mics.nth(0), mics.nth(1), 'the similarity of the two mic reviews');
    expect(closest).toContain("0.927: near-identical in meaning. Higher than all but 1 of the 19,900 random pairs of reviews in 'test-");
    expect(closest).not.toMatch(/\b100%/);

    // A printer-cartridge story and a mic's gain: the farthest pair of the slice, below every sampled pair ("0%" before).
    await page.getByLabel('Mode').selectOption('sparse');
    await page.getByLabel('Query').fill('printer cartridge recognized; gain for speeches and soft recordings');
    await submitSearch(page);
    const printer = page.locator('#results li', { hasText: 'printer cartridge' });
    const gain = page.locator('#results li', { hasText: "The Gain on this mic isn't the greatest" });
    const farthest = await compare(printer, gain, 'the similarity of the printer and the mic-gain reviews');
    expect(farthest).toContain("0.002: unrelated. No higher than any of the 19,900 random pairs of reviews in 'test-");
    expect(farthest).not.toMatch(/\b0%/);

    expect(problems).toEqual([]);
    await page.close();
  });
});
