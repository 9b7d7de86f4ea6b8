import type { Browser } from 'playwright-core';
import { duplicatesCsv, QUERY, REWORDED, SAME } from '../support/duplicate-reviews';
import { writeTempFile } from '../support/fixtures';
import { browserDescribe, launchChromium } from '../support/browser-describe';
import { checkPageAnswers } from '../support/page-answers';
import { startTestStack, type TestStack } from '../support/stack';

/** The web page shows a folded result's duplicates in a line under it. */
browserDescribe('the web page, on reviews told several times', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startTestStack();
    const accepted = await stack.post('/ingest', { source: writeTempFile('duplicates.csv', duplicatesCsv()) });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('says "and N more like it" under the folded result only', async () => {
    const page = await browser.newPage();
    checkPageAnswers(page);
    await page.goto(stack.baseUrl);
    await page.getByLabel('Query').fill(QUERY);
    await page.getByLabel('Query').press('Enter');
    await page.locator('#results li').first().waitFor();
    const lines = await page.locator('#results li').evaluateAll((items) => items.map((li) => li.querySelector('.duplicates')?.textContent ?? null));
    expect(lines.filter((line) => line !== null)).toEqual([`and ${SAME.length + [REWORDED].length - 1} more like it`]);
    await page.close();
  });
});
