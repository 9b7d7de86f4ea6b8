import http from 'node:http';
import { forgetApiOrigin, registerApiOrigin } from './api-origins';
import { takeViolations } from './answer-violations';
import { sendRaw } from './raw-http';

const REVIEW_ID = '3f2b8c1e-5d4a-4b6f-9e8d-7c6b5a4f3e2d';
/** A search answer with one field the document does not have. */
const ANSWER = JSON.stringify({ results: [{ id: REVIEW_ID, score: 0.5, review: { reviewText: 'x', summary: 'A title', overall: 5, asin: 'B000001', unixReviewTime: null, textLength: 1, helpful: [0, 0] } }], collapsed: true, took_ms: 3, foo: 1 });
const UNDOCUMENTED = "POST /search -> 200: undocumented field 'foo' at /";

/**
 * A stand-in for the API on loopback: `POST /search` answers with an
 * undocumented field, `GET /metrics` starts a text answer it never ends.
 */
function startStandIn(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.write('# a stream that never ends\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(ANSWER);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      resolve({
        baseUrl,
        close: async () => {
          server.closeAllConnections();
          await new Promise((closed) => server.close(closed));
        },
      });
    });
  });
}

describe('the answer check on every test', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>;

  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(async () => {
    forgetApiOrigin(standIn.baseUrl);
    await standIn.close();
  });

  it('records an answer by fetch or sendRaw from a registered API origin that the document does not allow', async () => {
    registerApiOrigin(standIn.baseUrl);
    const search = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "strings"}' };
    const answer = await fetch(`${standIn.baseUrl}/search`, search);
    // The test still reads the body the check read from a clone.
    expect(JSON.parse(await answer.text())).toHaveProperty('foo', 1);
    await sendRaw(standIn.baseUrl, { ...search, path: '/search?limit=3' });
    expect(await takeViolations()).toEqual([`${UNDOCUMENTED} (2 times)`]);
    // Taken: the list starts again empty.
    expect(await takeViolations()).toEqual([]);
  });

  it('checks a non-JSON answer by status and type without waiting for its body', async () => {
    registerApiOrigin(standIn.baseUrl);
    const stop = new AbortController();
    const answer = await fetch(`${standIn.baseUrl}/metrics`, { signal: stop.signal });
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    const started = Date.now();
    expect(await takeViolations()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000);
    stop.abort();
  });

  it('leaves answers from origins not registered alone', async () => {
    forgetApiOrigin(standIn.baseUrl);
    await (await fetch(`${standIn.baseUrl}/search`, { method: 'POST' })).text();
    expect(await takeViolations()).toEqual([]);
  });
});
