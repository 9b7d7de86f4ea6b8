import type { Browser } from 'playwright-core';
import { browserDescribe, launchChromium, until } from '../support/browser-describe';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

browserDescribe('the API docs page (/docs)', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startTestStack(testConfig(), { workers: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("shows each route's answers: POST /search's statuses and the shape of its results, down to the review's text", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${stack.baseUrl}/docs/`);
    const search = page.locator('.opblock-post', { has: page.locator('.opblock-summary-path', { hasText: /^\/search$/ }) });
    await until('the POST /search operation', search);
    await search.locator('.opblock-summary').click();
    const responses = search.locator('.responses-table');
    await until("POST /search's responses", responses);
    const statuses = await responses.locator('tr.response td.response-col_status').allTextContents();
    expect(statuses.map((s) => s.trim().slice(0, 3))).toEqual(['200', '400', '404', '408', '409', '413', '415', '429', '431', '500', '502', '503', '504']);
    // The example Swagger UI draws from the answer's schema: results, each with its review and the review's fields.
    const example = (await responses.locator('.response').first().locator('.example, .microlight').first().textContent()) ?? '';
    expect(example).toContain('"results"');
    expect(example).toContain('"reviewText"');
    expect(example).toContain('"took_ms"');
    expect(errors).toEqual([]);
    await page.close();
  });
});
