import { FIXTURE_CSV, writeTempFile } from '../support/fixtures';
import { startTestStack, type TestStack } from '../support/stack';

describe('API: health, validation and errors over real HTTP', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack(undefined, { workers: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('healthz answers while the process is up; readyz names Qdrant, Redis and the model', async () => {
    expect(await stack.get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await stack.get('/readyz')).toEqual({
      status: 200,
      body: { ready: true, checks: { qdrant: 'ok', redis: 'ok', model: 'ok' } },
    });
  });

  it('search in a collection that does not exist yet answers 404 saying to ingest first', async () => {
    const response = await stack.post('/search', { query: 'good strings' });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/does not exist yet: ingest reviews first/);
  });

  it.each([
    [{}, /body\.query/],
    [{ query: '' }, /body\.query: must not be empty/],
    [{ query: 'x', limit: 0 }, /body\.limit/],
    [{ query: 'x', limit: 101 }, /body\.limit/],
    [{ query: 'x', limit: 2.5 }, /body\.limit/],
    [{ query: 42 }, /body\.query/],
    [{ query: 'x', extra: true }, /extra/],
    [{ query: 'x'.repeat(10_001) }, /body\.query/],
  ])('POST /search %j answers 400 with a JSON reason', async (body, reason) => {
    const response = await stack.post('/search', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(reason);
    expect(Array.isArray(response.body.details)).toBe(true);
  });

  it('invalid JSON answers 400 with a JSON body', async () => {
    const response = await stack.post('/search', '{"query": ');
    expect(response).toEqual({ status: 400, body: { error: 'the request body is not valid JSON', details: null } });
  });

  it('POST /ingest validates source, limit and model', async () => {
    expect((await stack.post('/ingest', {})).body.error).toMatch(/body\.source/);
    expect((await stack.post('/ingest', { source: 'x.csv', limit: -1 })).status).toBe(400);
    const unknown = await stack.post('/ingest', { source: 'x.csv', model: 'no-such-model' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/^embedding model 'no-such-model' is not offered by this service; allowed: use-lite, /);
  });

  it('an unknown ingest job and an unknown route answer 404 in JSON', async () => {
    const job = await stack.get('/ingest/does-not-exist');
    expect(job).toEqual({ status: 404, body: { error: "no ingest job 'does-not-exist'", details: null } });
    const route = await stack.get('/nowhere');
    expect(route.status).toBe(404);
    expect(route.body.error).toBe('no route GET /nowhere');
  });

  it('an accepted ingest is visible at once with its request and progress', async () => {
    // A file source lies in SOURCES_DIR (the test configuration's include the temporary folder).
    const source = writeTempFile('reviews.csv', FIXTURE_CSV);
    const accepted = await stack.post('/ingest', { activate: true, source, limit: 100, model: 'use-lite' });
    expect(accepted.status).toBe(202);
    expect(accepted.body.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(accepted.body).toMatchObject({ activate: true, collection: expect.stringMatching(new RegExp(`^${stack.config.collection}--use-lite--`)) });
    const status = await stack.get(`/ingest/${accepted.body.jobId}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      jobId: accepted.body.jobId,
      state: 'waiting',
      request: {
        source,
        model: 'use-lite',
        collection: accepted.body.collection,
        activateAlias: stack.config.collection,
        limit: 100,
      },
      progress: { read: 0, embedded: 0, cached: 0, upserted: 0, skipped: 0, percent: 0, rate: 0, eta: null },
      skippedReasons: [],
      result: null,
      failedReason: null,
    });
  });
});

describe('API: the query embedding cache', () => {
  let stack: TestStack;

  /** The value of an unlabelled series of `/metrics`. */
  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`/metrics has no ${name}`);
    return Number(line.slice(name.length + 1));
  }
  const counts = async () => ({
    hits: await metric('review_search_query_cache_hits_total'),
    misses: await metric('review_search_query_cache_misses_total'),
  });

  beforeAll(async () => {
    stack = await startTestStack();
    const accepted = await stack.post('/ingest', { source: writeTempFile('reviews.csv', FIXTURE_CSV), model: 'use-lite' });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('/metrics shows the ingest\'s embedding cache: one entry per review embedded, its bytes within the bound', async () => {
    expect(await metric('review_search_embedding_cache_entries')).toBe(4); // the fixture's reviews with text
    const bytes = await metric('review_search_embedding_cache_bytes');
    expect(bytes).toBeGreaterThan(4 * 2048); // four 512-dimension float32 vectors, and more
    expect(bytes).toBeLessThanOrEqual(await metric('review_search_embedding_cache_max_bytes'));
    expect(await metric('review_search_embedding_cache_max_bytes')).toBe(256 * 1024 * 1024);
  });

  it('the same search twice gives the same results, the second from the cache; another text is a miss', async () => {
    const before = await counts();
    const first = await stack.post('/search', { query: 'strings that stay in tune', limit: 3 });
    expect(first.status).toBe(200);
    expect(first.body.results.length).toBeGreaterThan(0);
    const afterFirst = await counts();
    expect(afterFirst).toEqual({ hits: before.hits, misses: before.misses + 1 });

    const second = await stack.post('/search', { query: 'strings that stay in tune', limit: 3 });
    expect(second.status).toBe(200);
    expect(second.body.results).toEqual(first.body.results);
    const afterSecond = await counts();
    expect(afterSecond).toEqual({ hits: afterFirst.hits + 1, misses: afterFirst.misses });

    const other = await stack.post('/search', { query: 'a noisy cable', limit: 3 });
    expect(other.status).toBe(200);
    expect(await counts()).toEqual({ hits: afterSecond.hits, misses: afterSecond.misses + 1 });
    expect(await metric('review_search_query_cache_entries')).toBe(2);
    expect(await metric('review_search_query_cache_hit_ratio')).toBeCloseTo((before.hits + 1) / (before.hits + before.misses + 3));
  });
});
