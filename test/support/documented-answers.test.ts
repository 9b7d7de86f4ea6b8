import { answerViolations, type ApiAnswer } from './documented-answers';

const REVIEW_ID = '3f2b8c1e-5d4a-4b6f-9e8d-7c6b5a4f3e2d';
/** A search answer as the document describes it. */
const searchAnswer = () => ({ results: [{ id: REVIEW_ID, score: 0.5, review: { reviewText: 'x', summary: 'A title', overall: 5, asin: 'B000001', unixReviewTime: null, textLength: 1, helpful: [0, 0] } }], collapsed: true, took_ms: 3 });
const JSON_TYPE = 'application/json; charset=utf-8';

const search = (answer: Partial<ApiAnswer> & { json?: unknown }): ApiAnswer => ({
  method: 'POST',
  url: '/search',
  status: 200,
  contentType: JSON_TYPE,
  body: JSON.stringify(answer.json ?? searchAnswer()),
  ...answer,
});

describe('answers checked against the OpenAPI document of openApiDocument', () => {
  it('a search answer as documented passes, by path or by full URL with a query', () => {
    expect(answerViolations(search({}))).toEqual([]);
    expect(answerViolations(search({ url: 'http://127.0.0.1:4000/search?trace=1' }))).toEqual([]);
  });

  it('a field the success schema lacks fails, named with where it is', () => {
    const answer = searchAnswer();
    const json = { ...answer, fusing: { method: 'rrf' }, results: [{ ...answer.results[0], foo: 1 }] };
    expect(answerViolations(search({ json }))).toEqual(
      expect.arrayContaining(["undocumented field 'fusing' at /", "undocumented field 'foo' at /results/0"]),
    );
  });

  it('a missing or mistyped field fails with its instance path', () => {
    const answer = searchAnswer();
    const json = { collapsed: 'yes', took_ms: 3, results: [{ ...answer.results[0], id: 'not-a-uuid' }, { id: REVIEW_ID, review: answer.results[0]!.review }] };
    expect(answerViolations(search({ json }))).toEqual([
      expect.stringMatching(/^must match pattern .+ at \/results\/0\/id$/),
      "must have required property 'score' at /results/1",
      'must be boolean at /collapsed',
    ]);
  });

  it('a status the operation does not document fails, listing those it does', () => {
    expect(answerViolations(search({ status: 202, json: { accepted: true } }))).toEqual([
      'status 202 is not documented for POST /search (documented: 200, 400, 404, 408, 409, 413, 415, 429, 431, 500, 502, 503, 504): "{\\"accepted\\":true}"',
    ]);
  });

  it('a content type the status does not document fails', () => {
    expect(answerViolations(search({ contentType: 'text/html; charset=utf-8', body: undefined }))).toEqual([
      "content type 'text/html; charset=utf-8' is not documented for status 200 (documented: application/json)",
    ]);
  });

  it('an error without a string `error` fails; one with it passes', () => {
    const refusal = (json: unknown) => answerViolations(search({ status: 400, json }));
    expect(refusal({ details: { field: 'query' } })).toEqual(["must have required property 'error' at /"]);
    expect(refusal({ error: 7, details: null })).toEqual(['must be string at /error']);
    expect(refusal({ error: 'query: required', details: null })).toEqual([]);
  });

  it('a body typed JSON that is not JSON fails', () => {
    expect(answerViolations(search({ body: '{"results": [' }))).toEqual([`the body is not JSON though typed '${JSON_TYPE}': "{\\"results\\": ["`]);
  });

  it('path templates match with any parameter value: GET /reviews/{id}/similar is checked', () => {
    const similar = { method: 'GET', url: `/reviews/${REVIEW_ID}/similar?limit=3`, status: 200, contentType: JSON_TYPE };
    expect(answerViolations({ ...similar, body: JSON.stringify({ ...searchAnswer(), review: { id: REVIEW_ID, review: searchAnswer().results[0]!.review } }) })).toEqual([]);
    expect(answerViolations({ ...similar, body: JSON.stringify(searchAnswer()) })).toEqual(["must have required property 'review' at /"]);
  });

  it('requests that are no operation of the document are not checked', () => {
    const html = { status: 200, contentType: 'text/html', body: undefined };
    expect(answerViolations(search({ method: 'GET', url: '/', ...html }))).toEqual([]);
    expect(answerViolations(search({ method: 'GET', url: '/admin/queues', ...html }))).toEqual([]);
    expect(answerViolations(search({ method: 'GET', url: '/no-such-route', status: 404, json: { error: 'not found' } }))).toEqual([]);
    expect(answerViolations(search({ method: 'DELETE', url: '/search', status: 405, json: { error: 'method not allowed' } }))).toEqual([]);
  });
});
