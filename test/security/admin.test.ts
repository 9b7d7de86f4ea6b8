import { Redis } from 'ioredis';
import { CANARIES, canariesIn, responseText } from '../support/canaries';
import { startHoldingProxy, type HoldingProxy } from '../support/holding-proxy';
import { rateLimitWindow } from '../support/rate-limit-window';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { writeSyntheticReviews } from '../support/synthetic-reviews';
import { waitUntil, withDeadline } from '../support/wait-until';

const KEY = CANARIES.API_KEY;
/** Secrets in the configuration of every API here: none may show in any answer. */
const SECRETS = { API_KEY: KEY, OPENAI_API_KEY: CANARIES.OPENAI_API_KEY, HF_TOKEN: CANARIES.HF_TOKEN };
const REVIEWS = 24;
const THREADS = 2;
const QUEUE_MAX = 2;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/**
 * The heavy routes bounded and the admin routes guarded, over real HTTP on
 * real Qdrant and Redis: alias A (the main API, its Qdrant reached through a
 * proxy that can hold requests) and alias B (two APIs on one Redis prefix,
 * export public).
 */
describe('a service safe to expose: bounded projections, shared rate limits, guarded admin routes', () => {
  let proxy: HoldingProxy;
  let a: TestStack;
  let b: TestStack;
  let bTwin: TestStack;
  let answers = 0;
  const leaks: string[] = [];

  /** One request; `key` sends the API key, `from` the client address (X-Forwarded-For, believed from loopback). */
  async function call(
    stack: TestStack,
    method: string,
    route: string,
    options: { key?: string; from?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers['x-api-key'] = options.key;
    if (options.from) headers['x-forwarded-for'] = options.from;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${stack.baseUrl}${route}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const seen = canariesIn(await responseText(response.clone()));
    answers += 1;
    if (seen.length > 0) leaks.push(`${method} ${route}: ${seen.join(', ')}`);
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  async function ingestSynthetic(stack: TestStack): Promise<string> {
    const accepted = await call(stack, 'POST', '/ingest', { key: KEY, body: { source: writeSyntheticReviews(REVIEWS).file } });
    expect(accepted.status).toBe(202);
    const status = await stack.waitForIngest(accepted.json.jobId);
    expect({ state: status.state, upserted: status.result?.upserted }).toEqual({ state: 'completed', upserted: REVIEWS });
    return (await stack.store.aliasTarget(stack.config.collection))!;
  }

  async function metric(stack: TestStack, name: string): Promise<number> {
    const text = (await call(stack, 'GET', '/metrics')).text;
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`/metrics has no ${name}`);
    return Number(line.slice(name.length + 1));
  }

  beforeAll(async () => {
    proxy = await startHoldingProxy(testEnv('QDRANT_URL'));
    a = await startTestStack(
      testConfig({
        ...SECRETS,
        QDRANT_URL: proxy.url,
        PROJECTION_THREADS: String(THREADS),
        PROJECTION_QUEUE_MAX: String(QUEUE_MAX),
        RATE_LIMIT_EXPLORE: '1000',
      }),
    );
    const bConfig = testConfig({ ...SECRETS, PUBLIC_EXPORT: 'true', RATE_LIMIT_EXPLORE: '6' });
    b = await startTestStack(bConfig);
    bTwin = await startTestStack(bConfig, { workers: false });
    await ingestSynthetic(a);
    await ingestSynthetic(b);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), bTwin?.close()]);
    await proxy?.close();
  });

  it(`a flood of projections: ${THREADS} run and ${QUEUE_MAX} wait, the rest answer 503 with Retry-After, and the pool never passes ${THREADS} threads`, async () => {
    // The admitted projections stay in flight while their sample is read: the proxy holds those reads.
    proxy.hold((method, path) => method === 'POST' && path.endsWith('/points/scroll'));
    const admitted = [1, 2, 3, 4].map((seed) => call(a, 'GET', `/projection?method=umap&sample=20&seed=${seed}`));
    await waitUntil(`${THREADS + QUEUE_MAX} projections reading their sample`, () => proxy.held() === THREADS + QUEUE_MAX);
    expect(await metric(a, 'review_search_projection_in_flight')).toBe(THREADS + QUEUE_MAX);

    const refused = await withDeadline(
      'the projections past the pool to be refused',
      Promise.all([5, 6, 7, 8, 9, 10].map((seed) => call(a, 'GET', `/projection.svg?method=umap&sample=20&seed=${seed}`))),
    );
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.json).toEqual({
        error: `the projection pool is full (${THREADS} running, ${QUEUE_MAX} waiting): try again shortly, or ask for a view already computed`,
        details: { retryAfter: Number(answer.headers.get('retry-after')) },
      });
    }
    expect(proxy.held()).toBe(THREADS + QUEUE_MAX);

    proxy.release();
    for (const answer of await withDeadline('the admitted projections', Promise.all(admitted), 120_000)) {
      expect(answer.status).toBe(200);
      expect(answer.json.points).toHaveLength(20);
    }
    expect(await metric(a, 'review_search_projection_refused')).toBe(6);
    expect(await metric(a, 'review_search_projection_in_flight')).toBe(0);
    const peak = await metric(a, 'review_search_projection_peak_threads');
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(THREADS);
    expect(await metric(a, 'review_search_projection_threads')).toBeLessThanOrEqual(THREADS);

    // The service still answers: a new projection, and a search.
    const after = await call(a, 'GET', '/projection?method=pca&sample=20&seed=11');
    expect(after.status).toBe(200);
    const search = await call(a, 'POST', '/search', { body: { query: 'strings that stay in tune', limit: 3 } });
    expect(search.status).toBe(200);
    expect(search.json.results).toHaveLength(3);
  });

  it('a projection whose client went away is stopped before it reaches a thread, and its place is freed', async () => {
    const completed = await metric(a, 'review_search_projection_completed');
    proxy.hold((method, path) => method === 'POST' && path.endsWith('/points/scroll'));
    const client = new AbortController();
    const request = fetch(`${a.baseUrl}/projection?method=umap&sample=20&seed=21`, { signal: client.signal }).catch((error: unknown) => error);
    await waitUntil('the projection reading its sample', () => proxy.held() === 1);
    expect(await metric(a, 'review_search_projection_in_flight')).toBe(1);
    client.abort();
    expect(await withDeadline('the aborted request to end', request)).toMatchObject({ name: 'AbortError' });
    proxy.release();
    await waitUntil('the abandoned projection to free its place', async () => (await metric(a, 'review_search_projection_in_flight')) === 0);
    expect(await metric(a, 'review_search_projection_completed')).toBe(completed);
    // The same view asked again is computed afresh.
    const again = await call(a, 'GET', '/projection?method=umap&sample=20&seed=21');
    expect(again.status).toBe(200);
    expect(await metric(a, 'review_search_projection_completed')).toBe(completed + 1);
  });

  it('a projection past PROJECTION_TIMEOUT_MS is stopped: 504 naming the setting, and its place is freed', async () => {
    // A second API of alias A whose projections may take 1 ms: starting a projection thread alone takes longer.
    const hurried = await startTestStack({ ...a.config, projection: { threads: 1, queueMax: 0, timeoutMs: 1 } }, { workers: false });
    try {
      const answer = await call(hurried, 'GET', '/projection?method=umap&sample=24&seed=12');
      expect(answer.status).toBe(504);
      expect(answer.json.error).toBe('the projection took longer than 1 ms (PROJECTION_TIMEOUT_MS) and was stopped: ask for a smaller sample, or PCA');
      expect(await metric(hurried, 'review_search_projection_in_flight')).toBe(0);
    } finally {
      await hurried.close();
    }
  });

  it('rate limits are counted in Redis: two APIs on one prefix share RATE_LIMIT_EXPLORE', async () => {
    // A client of this test's own: its window starts with the burst's first request (none is open before),
    // so a window reset can fall neither before nor inside the burst (the exact count of 9 below shows it did not).
    expect(await rateLimitWindow(b.config.redisUrl, b.config.queuePrefix, 'explore', '203.0.113.7')).toEqual({ hits: null, ttlMs: -2 });
    expect(await rateLimitWindow(b.config.redisUrl, b.config.queuePrefix, 'explore', '203.0.113.8')).toEqual({ hits: null, ttlMs: -2 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const api = i % 2 === 0 ? b : bTwin;
      const answer = await call(api, 'POST', '/similarity', { from: '203.0.113.7', body: { a: { text: 'bright strings' }, b: { text: 'a humming cable' } } });
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(answer.json).toEqual({ error: 'too many explore requests: at most 6 a minute', details: { perMinute: 6 } });
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    // Projection and export count in the same budget; another client has its own.
    expect((await call(bTwin, 'GET', '/projection?sample=10', { from: '203.0.113.7' })).status).toBe(429);
    expect((await call(b, 'GET', '/projection?sample=10', { from: '203.0.113.8' })).status).toBe(200);
    const redis = new Redis(b.config.redisUrl);
    try {
      const keys = await redis.keys(`${b.config.queuePrefix}:rate-limit:explore:*`);
      expect(keys.length).toBe(2);
      expect(Number(await redis.get(keys.find((k) => k.endsWith('203.0.113.7'))!))).toBe(9);
    } finally {
      redis.disconnect();
    }
  });

  it("deleting another alias's collection or the live one is refused, and both stay as they were", async () => {
    const bLive = (await b.store.aliasTarget(b.config.collection))!;
    const aLive = (await a.store.aliasTarget(a.config.collection))!;
    const bPoints = (await b.store.describeCollection(bLive))!.points;

    const foreign = await call(a, 'DELETE', `/collections/${bLive}`, { key: KEY });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toBe(
      `'${bLive}' is not a build of alias '${a.config.collection}': only its builds (named '${a.config.collection}--<model>--<time>') can be deleted here`,
    );
    expect((await call(a, 'DELETE', `/collections/${b.config.collection}`, { key: KEY })).status).toBe(403);
    for (const live of [aLive, a.config.collection]) {
      const refused = await call(a, 'DELETE', `/collections/${live}`, { key: KEY });
      expect(refused.status).toBe(409);
      expect(refused.json.error).toBe(`'${live}' is the live collection: activate another one before deleting it`);
    }

    expect((await b.store.describeCollection(bLive))!.points).toBe(bPoints);
    expect(await b.store.aliasTarget(b.config.collection)).toBe(bLive);
    expect((await a.store.describeCollection(aLive))!.points).toBe(REVIEWS);
    expect(await a.store.aliasTarget(a.config.collection)).toBe(aLive);
  });

  it("export needs the key unless PUBLIC_EXPORT=true, and reads only the alias's own collections", async () => {
    const route = `/collections/${a.config.collection}/export?format=jsonl`;
    const anonymous = await call(a, 'GET', route);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.text).not.toMatch(/"embedding"/);
    const keyed = await call(a, 'GET', route, { key: KEY });
    expect(keyed.status).toBe(200);
    expect(keyed.text.trim().split('\n')).toHaveLength(REVIEWS);

    const bLive = (await b.store.aliasTarget(b.config.collection))!;
    const foreign = await call(a, 'GET', `/collections/${bLive}/export`, { key: KEY });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toBe(`'${bLive}' is not alias '${a.config.collection}' or one of its builds: only those are exported here`);

    const open = await call(b, 'GET', `/collections/${bLive}/export?format=jsonl`, { from: '203.0.113.20' });
    expect(open.status).toBe(200);
    expect(open.text.trim().split('\n')).toHaveLength(REVIEWS);
  });

  it('/readyz answers {ready} to anyone, and each dependency only with the key', async () => {
    for (const key of [undefined, 'wrong-key-0123456789abcdef']) {
      const bare = await call(a, 'GET', '/readyz', { key });
      expect({ status: bare.status, body: bare.json }).toEqual({ status: 200, body: { ready: true } });
    }
    const detailed = await call(a, 'GET', '/readyz', { key: KEY });
    expect(detailed.json).toEqual({ ready: true, checks: { qdrant: 'ok', redis: 'ok', model: 'ok' } });
  });

  it('without API_KEY the queue dashboard answers loopback clients only, and says how to open it', async () => {
    const open = await startTestStack({ ...a.config, security: { ...a.config.security, apiKey: undefined } }, { workers: false });
    try {
      expect((await call(open, 'GET', '/admin/queues')).status).toBe(200);
      const remote = await call(open, 'GET', '/admin/queues', { from: '198.51.100.4' });
      expect(remote.status).toBe(403);
      expect(remote.json.error).toMatch(/answers only on this machine while no API key is set: set API_KEY/);
      // Without a key the service is for local use: /readyz shows every dependency.
      expect((await call(open, 'GET', '/readyz')).json.checks).toEqual({ qdrant: 'ok', redis: 'ok', model: 'ok' });
    } finally {
      await open.close();
    }
    const crossSite = await call(a, 'PUT', '/admin/queues/api/queues/ingest-sources/pause', { key: KEY, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
  });

  it('no answer above showed a secret of the configuration', () => {
    expect(answers).toBeGreaterThan(40);
    expect(leaks).toEqual([]);
  });
});
