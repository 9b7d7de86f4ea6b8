import zlib from 'node:zlib';
import fc from 'fast-check';
import { OPERATIONS } from '@review-search/api';
import { answerProblems } from '../support/answer-shape';
import { sendBytes, sendRaw } from '../support/raw-http';
import { SEEDED_REVIEWS, startSeededStack, type SeededStack } from '../support/seeded-stack';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

/** Fixed, so a failure reproduces; fast-check prints it with the shrunk counterexample. Set HOSTILE_INPUT_SEED to explore. */
const SEED = Number(process.env.HOSTILE_INPUT_SEED ?? 808);
const RUNS = 12;
const JSON_LIMIT = 100 * 1024;
const JSON_TYPE = { 'content-type': 'application/json' };

const BODY_ROUTES = OPERATIONS.filter((op) => op.body).map((op) => ({ path: op.path, protected: op.protected === true }));
const PROTECTED = OPERATIONS.filter((op) => op.protected);
/** A documented path with its parameters filled in by something each route takes. */
const samplePath = (path: string) => path.replace('{id}', '00000000-0000-4000-8000-000000000000').replace('{name}', 'no-such-collection').replace('{jobId}', 'no-such-job');
const bodyRoute = fc.constantFrom(...BODY_ROUTES);

describe('hostile transport: bodies, content types, sizes, methods, headers and raw bytes', () => {
  let seeded: SeededStack;
  let prototypeBefore: string[];
  const run = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS) =>
    fc.assert(fc.asyncProperty(arbitrary, check), { seed: SEED, numRuns });

  beforeAll(async () => {
    prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    seeded = await startSeededStack();
  });
  afterAll(async () => {
    await seeded?.stack.close();
  });

  it('text that is not a JSON object or array answers 400 "not valid JSON" on every body route', async () => {
    const notJson = fc.oneof(
      fc.string({ unit: 'binary' }).filter((text) => text.trim() !== '' && !parses(text)),
      fc.constantFrom('{"query": ', '{"query": "x"} trailing', "{'query': 'x'}", '{"query": "x",}', 'NaN', 'undefined', '"just a string"', '42', 'null', 'true'),
    );
    await run(fc.tuple(bodyRoute, notJson), async ([route, text]) => {
      const answer = await seeded.send({ method: 'POST', path: route.path, headers: JSON_TYPE, body: text }, route.protected);
      expect(answerProblems(answer)).toEqual([]);
      expect({ status: answer.status, body: answer.json }).toEqual({ status: 400, body: { error: 'the request body is not valid JSON', details: null } });
    });
  });

  it('pathological JSON: deep nesting, thousands of keys, duplicate keys, numbers past float range, escapes', async () => {
    const manyKeys = `{"query":"x",${Array.from({ length: 5000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    // For a 200, the pattern is the number of results.
    const cases: [string, string, number, RegExp][] = [
      ['deep nesting', `{"query":${'['.repeat(40_000)}${']'.repeat(40_000)}}`, 400, /not valid JSON|body\.query/],
      ['deep nesting, unclosed', '['.repeat(90_000), 400, /not valid JSON/],
      ['5,000 unknown keys', manyKeys, 400, /Unrecognized keys: "k0", "k1"/],
      ['duplicate keys (the last wins)', '{"query":[],"query":"strings","limit":1,"limit":2}', 200, /^2$/],
      ['a number past float range', '{"query":"x","limit":1e400}', 400, /body\.limit/],
      ['minus zero', '{"query":"x","limit":-0}', 400, /body\.limit/],
      ['1.0 is the integer 1', '{"query":"strings","limit":1.0}', 200, /^1$/],
      ['a lone surrogate and a NUL', '{"query":"\\ud800 strings \\u0000"}', 200, /^5$/],
    ];
    for (const [what, body, status, reason] of cases) {
      const answer = await seeded.send({ method: 'POST', path: '/search', headers: JSON_TYPE, body });
      expect(answerProblems(answer)).toEqual([]);
      expect({ what, status: answer.status }).toEqual({ what, status });
      expect(answer.status === 200 ? JSON.stringify(answer.json.results.length) : answer.json.error).toMatch(reason);
    }
  });

  it('random bytes sent as JSON answer 400; in another content type 415, naming JSON', async () => {
    const types = fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/octet-stream',
      'application/json-patch+json',
      'image/png',
      'garbage',
      ';;;',
    );
    await run(fc.tuple(bodyRoute, fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.option(types)), async ([route, bytes, type]) => {
      const body = Buffer.from(bytes);
      const headers = { 'content-type': type ?? 'application/json' };
      const answer = await seeded.send({ method: 'POST', path: route.path, headers, body }, route.protected);
      expect(answerProblems(answer)).toEqual([]);
      if (type === null) {
        // Bytes that happen to be a JSON value are validated like any body.
        expect(answer.status).toBe(400);
      } else {
        expect(answer.status).toBe(415);
        expect(answer.json.details).toEqual({ contentType: type, expected: 'application/json' });
      }
    });
  });

  it('a valid body in another content type, or without one, answers 415; a JSON charset other than UTF-8 400 or 415', async () => {
    const cases: [Record<string, string>, number][] = [
      [{}, 415],
      [{ 'content-type': 'text/plain' }, 415],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 415],
      [{ 'content-type': '' }, 415],
      [{ 'content-type': 'application/json; charset=latin1' }, 415],
      [{ 'content-type': 'application/json; charset=utf-16' }, 400],
      [{ 'content-type': 'APPLICATION/JSON' }, 200],
    ];
    for (const [headers, status] of cases) {
      const answer = await seeded.send({ method: 'POST', path: '/search', headers, body: JSON.stringify({ query: 'strings', limit: 2 }) });
      expect(answerProblems(answer)).toEqual([]);
      expect({ headers, status: answer.status }).toEqual({ headers, status });
      if (status === 200) expect(answer.json.results).toHaveLength(2);
    }
    // Express routes paths whatever their case and with a trailing slash: so does the check.
    const spelled = await seeded.send({ method: 'POST', path: '/Search/', headers: { 'content-type': 'text/plain' }, body: '{"query": "x"}' });
    expect({ status: spelled.status, expected: spelled.json.details.expected }).toEqual({ status: 415, expected: 'application/json' });
  });

  it('bodies past the limit answer 413 naming it, whether sized, chunked or compressed', async () => {
    const sizes = fc.integer({ min: JSON_LIMIT + 1, max: 4 * 1024 * 1024 });
    await run(fc.tuple(bodyRoute, sizes, fc.constantFrom('sized', 'chunked', 'gzip')), async ([route, size, framing]) => {
      const json = Buffer.from(JSON.stringify({ query: ' '.repeat(size) }));
      const body = framing === 'gzip' ? zlib.gzipSync(json) : json;
      const headers: Record<string, string> = { ...JSON_TYPE };
      if (framing === 'chunked') headers['transfer-encoding'] = 'chunked';
      if (framing === 'gzip') headers['content-encoding'] = 'gzip';
      const answer = await seeded.send({ method: 'POST', path: route.path, headers, body }, route.protected);
      expect(answerProblems(answer)).toEqual([]);
      expect(answer.status).toBe(413);
      expect(answer.json).toEqual({ error: `the request body is too large: at most ${JSON_LIMIT} bytes of JSON`, details: { limit: JSON_LIMIT } });
    }, 6);
  });

  it('a body whose Content-Encoding is wrong answers 400, an unknown one 415', async () => {
    const encodings = fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'x-unknown', 'gzip, gzip');
    await run(fc.tuple(encodings, fc.uint8Array({ minLength: 1, maxLength: 500 })), async ([encoding, bytes]) => {
      const headers = { ...JSON_TYPE, 'content-encoding': encoding };
      // Whatever the bytes decode to (if anything), it is no search body: 400 either way.
      const answer = await seeded.send({ method: 'POST', path: '/search', headers, body: Buffer.from(bytes) });
      expect(answerProblems(answer)).toEqual([]);
      expect(answer.status).toBe(['gzip', 'deflate', 'br'].includes(encoding) ? 400 : 415);
    });
  });

  it('every documented path asked with a method it does not answer says 405 with Allow', async () => {
    const paths = [...new Set(OPERATIONS.map((op) => op.path))];
    let refused = 0;
    for (const path of paths) {
      const allowed = OPERATIONS.filter((op) => op.path === path).map((op) => op.method.toUpperCase());
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allowed.includes(m))) {
        const answer = await seeded.send({ method, path: samplePath(path) });
        expect(answerProblems(answer)).toEqual([]);
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 405 });
        expect(answer.headers.allow).toBe(allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', '));
        expect(answer.json.details.allowed).toEqual(answer.headers.allow!.split(', '));
        refused += 1;
      }
    }
    expect(refused).toBe(paths.length * 5 - OPERATIONS.length);
  });

  it('protected routes answer 401 to any request without the right key, before reading its body', async () => {
    const keys = fc.oneof(
      fc.constant({}),
      fc.string({ maxLength: 40 }).map((key) => ({ 'x-api-key': key })),
      fc.string({ maxLength: 40 }).map((key) => ({ authorization: `Bearer ${key}` })),
      fc.constantFrom({ authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: 'Bearer' }, { authorization: `Bearer ${'k'.repeat(8000)}` }),
    );
    const bodies = fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string(), fc.constant('{"source": '), fc.constant('x'.repeat(JSON_LIMIT * 2)));
    await run(fc.tuple(fc.constantFrom(...PROTECTED), keys, fc.option(bodies)), async ([op, headers, body]) => {
      const request = { method: op.method.toUpperCase(), path: samplePath(op.path), headers: { ...JSON_TYPE, ...headers }, body: body ?? undefined };
      const answer = await sendRaw(seeded.stack.baseUrl, request);
      expect(answerProblems(answer)).toEqual([]);
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.json.error).toMatch(/needs the API key/);
    });
  });

  it('hostile headers (forwarded-for, request id, accept, origin, cookies) never break an answer', async () => {
    const text = fc.string({ maxLength: 200 });
    const headers = fc.record(
      {
        'x-forwarded-for': fc.oneof(text, fc.constantFrom('', ',', 'garbage, , 999.1.1.1', '::ffff:127.0.0.1', '2001:db8::1')),
        'x-request-id': fc.oneof(text, fc.constant('r'.repeat(5000))),
        accept: fc.oneof(text, fc.constantFrom('application/xml', 'text/html;q=0', '*/*;q=abc')),
        'accept-encoding': fc.oneof(text, fc.constantFrom('gzip;q=2', 'identity;q=0')),
        origin: fc.oneof(text, fc.constant('null')),
        cookie: fc.oneof(text, fc.constant(`a=${'c'.repeat(6000)}`)),
        range: fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=abc'),
      },
      { requiredKeys: [] },
    );
    const requests = fc.constantFrom(
      { method: 'POST', path: '/search', body: JSON.stringify({ query: 'strings', limit: 3 }) },
      { method: 'GET', path: '/collections' },
      { method: 'GET', path: '/healthz' },
    );
    await run(fc.tuple(requests, headers), async ([request, given]) => {
      const answer = await seeded.send({ ...request, headers: { ...(request.body ? JSON_TYPE : {}), ...(given as Record<string, string>) } });
      expect(answerProblems(answer)).toEqual([]);
      expect(answer.status).toBe(200);
      const requestId = answer.headers['x-request-id'] as string;
      expect(requestId).toMatch(/^[\w.:-]{1,128}$/);
      if (request.path === '/search') expect(answer.json.results).toHaveLength(3);
    });
  });

  it('bytes that are not HTTP answer 400 in JSON; a URL or headers past 16 KB 431 in JSON', async () => {
    // A first byte no method starts with: the parser refuses at once.
    const garbage = fc.tuple(fc.constantFrom(0x00, 0x01, 0x7b, 0xff), fc.uint8Array({ maxLength: 300 })).map(([first, rest]) => Buffer.from([first, ...rest, 13, 10, 13, 10]));
    await run(garbage, async (bytes) => {
      const answer = await sendBytes(seeded.stack.baseUrl, bytes);
      expect(answerProblems(answer)).toEqual([]);
      expect(answer.json).toEqual({ error: 'the request is not valid HTTP', details: null });
    });
    const cases: [string, number][] = [
      [`GET /reviews/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
      [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431],
      ['GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n', 400],
      ['POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400],
      ['POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
      ['POST /search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
      ['GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n', 400],
    ];
    for (const [bytes, status] of cases) {
      const answer = await sendBytes(seeded.stack.baseUrl, bytes);
      expect(answerProblems(answer)).toEqual([]);
      expect({ request: bytes.slice(0, 40), status: answer.status }).toEqual({ request: bytes.slice(0, 40), status });
    }
  });

  it('afterwards the service still searches the seeded reviews, and Object.prototype is untouched', async () => {
    const answer = await seeded.send({ method: 'POST', path: '/search', headers: JSON_TYPE, body: JSON.stringify({ query: 'cable hums and crackles', limit: 5 }) });
    expect(answer.status).toBe(200);
    expect(answer.json.results).toHaveLength(5);
    for (const result of answer.json.results) expect(seeded.ids).toContain(result.id);
    expect(answer.json.results[0].review.reviewText).toMatch(/hums and crackles/);
    const ready = await seeded.send({ method: 'GET', path: '/readyz' }, true);
    expect(ready.json).toEqual({ ready: true, checks: { qdrant: 'ok', redis: 'ok', model: 'ok' } });
    expect((await seeded.stack.store.listIds(seeded.live)).length).toBe(SEEDED_REVIEWS);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  });
});

describe('throttled answers', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack(testConfig({ RATE_LIMIT_SEARCH: '3', RATE_LIMIT_GENERATE: '2' }), { workers: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  it.each([
    ['/search', 3, 'search'],
    ['/generate', 2, 'generation'],
  ])('past its limit, %s answers 429 in JSON with the limit and when to retry, even for a bad body', async (path, perMinute, what) => {
    const statuses: number[] = [];
    for (let i = 0; i <= perMinute; i += 1) {
      const answer = await sendRaw(stack.baseUrl, { method: 'POST', path, headers: JSON_TYPE, body: '{"not valid json' });
      expect(answerProblems(answer)).toEqual([]);
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(answer.json).toEqual({ error: `too many ${what} requests: at most ${perMinute} a minute`, details: { perMinute } });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([...Array(perMinute).fill(400), 429]);
  });
});

function parses(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}
