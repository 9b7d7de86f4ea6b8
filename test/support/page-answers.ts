import type { Page } from 'playwright-core';
import { isApiOrigin } from './api-origins';
import { recordApiAnswer } from './answer-violations';
import { isJsonType } from './json-type';

/**
 * Checks the answers a browser page receives from the API (a registered
 * origin) against its OpenAPI document, as `fetch` in the tests is: the page's
 * own requests do not go through the tests' `fetch`. A JSON body is read; an
 * answer the page leaves before its body arrives is not checked.
 */
export function checkPageAnswers(page: Page): void {
  page.on('response', (response) => {
    if (!isApiOrigin(response.url())) return;
    const contentType = response.headers()['content-type'] ?? '';
    const answer = { method: response.request().method(), url: response.url(), status: response.status(), contentType };
    recordApiAnswer(isJsonType(contentType) ? response.text().then((body) => ({ ...answer, body })) : answer);
  });
}
