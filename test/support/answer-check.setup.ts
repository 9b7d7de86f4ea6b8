/**
 * Every answer a test receives from the review search API (an origin in
 * `api-origins`) is checked against the API's OpenAPI document: `fetch` is
 * wrapped here, `sendRaw` and the load runner record their answers too. A
 * test fails listing each violation seen during it. Answers received in a
 * `beforeAll` count toward the first test; those in a `describe` block's
 * `afterAll` fail the file. (A test file's own top-level `afterAll` runs after
 * the one here, so answers received there go unreported.)
 */
import { isApiOrigin } from './api-origins';
import { recordApiAnswer, takeViolations } from './answer-violations';
import type { ApiAnswer } from './documented-answers';
import { isJsonType } from './json-type';

const unchecked = globalThis.fetch;

globalThis.fetch = async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await unchecked(input, init);
  const url = response.url || (typeof input === 'object' && 'url' in input ? input.url : String(input));
  if (isApiOrigin(url)) {
    const method = (typeof input === 'object' && 'method' in input ? input.method : init?.method) ?? 'GET';
    recordApiAnswer(receivedAnswer(method, url, response));
  }
  return response;
};

/**
 * The answer as the check needs it. The body is read (from a clone, in the
 * background) only when it is JSON: a body of another type may be a stream the
 * test reads in its own time, or never; its status and type are checked alone.
 */
function receivedAnswer(method: string, url: string, response: Response): ApiAnswer | Promise<ApiAnswer> {
  const contentType = response.headers.get('content-type') ?? '';
  const answer = { method, url, status: response.status, contentType };
  if (!isJsonType(contentType)) return answer;
  return response
    .clone()
    .text()
    .then((body) => ({ ...answer, body }));
}

const failOn = (when: string) => async () => {
  const violations = await takeViolations();
  if (violations.length > 0) {
    throw new Error(`answers the OpenAPI document does not allow (${when}):\n  ${violations.join('\n  ')}`);
  }
};

afterEach(failOn('during this test'));
afterAll(failOn('after the last test'));
