import http from 'node:http';
import { CSV_HEADER, FIXTURE_CSV } from '../support/fixtures';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';

/** Re-ingest with another model into a new collection, switch the alias atomically, and keep the live one safe. */
describe('collections: builds, the live alias, switching models', () => {
  let stack: TestStack;
  const alias = () => stack.config.collection;

  beforeAll(async () => {
    // bge is offered but never built here: naming it reads nothing (404).
    stack = await startTestStack(testConfig({ EMBEDDING_MODELS: ['use-lite', testEnv('TINY_BERT'), 'Xenova/bge-small-en-v1.5'].join(',') }));
    const built = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 120 });
    expect((await stack.waitForIngest(built.body.jobId)).state).toBe('completed');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('an ingest builds a new collection named from the model and makes it live when complete', async () => {
    const listing = await stack.get('/collections');
    expect(listing.status).toBe(200);
    const live = listing.body.collections.find((c: any) => c.live);
    expect(listing.body).toMatchObject({ alias: alias(), live: live.name });
    expect(live).toMatchObject({ model: 'use-lite', dimension: 512, points: 120 });
    expect(live.name).toMatch(new RegExp(`^${alias()}--use-lite--\\d{8}-\\d{6}-[0-9a-f]{4}$`));
  });

  it('switches the live model while searches run: none fails, and the alias ends on the new collection', async () => {
    const before = await stack.store.aliasTarget(alias());
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 120, model: testEnv('TINY_BERT') });
    expect(accepted.body.activate).toBe(true);
    let finished = false;
    const outcomes: number[] = [];
    const searchDeadline = Date.now() + 180_000;
    const searches = (async () => {
      // Until the build is live and then a few more: every search must answer, whichever side of the switch it falls.
      let after = 0;
      while (after < 5) {
        if (Date.now() > searchDeadline) throw new Error('waited 180000 ms for the ingest to finish while searching');
        const response = await stack.post('/search', { query: 'guitar cable that works', limit: 3 });
        outcomes.push(response.status);

        if (finished) after += 1;
      }
    })();
    let status;
    try {
      status = await stack.waitForIngest(accepted.body.jobId);
    } finally {
      // Whether the ingest ended or its wait failed, the searches stop.
      finished = true;
      await searches;
    }
    expect(status.state).toBe('completed');
    expect(status.result!.activated).toBe(alias());
    expect(outcomes.length).toBeGreaterThan(5);
    expect(outcomes.filter((s) => s !== 200)).toEqual([]);
    const after = await stack.store.aliasTarget(alias());
    expect(after).toBe(accepted.body.collection);
    expect(after).not.toBe(before);
    expect((await stack.store.describeCollection(alias()))!.model).toBe(testEnv('TINY_BERT'));
    // And back: activating the previous build is one request.
    const back = await stack.post(`/collections/${before}/activate`, {});
    expect(back.body).toEqual({ alias: alias(), live: before, previous: after });
    expect(await stack.store.aliasTarget(alias())).toBe(before);
  });

  it('a re-ingest that fails mid-way leaves the live collection and its alias as they were', async () => {
    const live = await stack.store.aliasTarget(alias());
    const livePoints = (await stack.store.describeCollection(live!))!.points;
    // A source that sends 100 good rows, then drops the connection.
    const rows = FIXTURE_CSV.split('\r\n').slice(1, 2)[0]!;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write(`${CSV_HEADER}\r\n`);
      for (let i = 0; i < 100; i += 1) res.write(`${rows.replace('A1,', `R${i},`)}\r\n`);
      res.write('R100,B001,"Unfinished');
      setImmediate(() => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const accepted = await stack.post('/ingest', { source: `http://127.0.0.1:${port}/reviews.csv` });
      const status = await stack.waitForIngest(accepted.body.jobId);
      expect(status.state).toBe('failed');
      expect(status.failedReason).toMatch(/^reading http:\/\/127\.0\.0\.1:\d+\/reviews\.csv broke off \(.+\) after \d+ rows \(tried 3 times\)$/);
      expect(await stack.store.aliasTarget(alias())).toBe(live);
      expect((await stack.store.describeCollection(live!))!.points).toBe(livePoints);
      const search = await stack.post('/search', { query: 'strings', limit: 3 });
      expect(search.status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('search, similar, similarity and projection read another model\'s collection by model or by name; compare puts them side by side', async () => {
    const tiny = testEnv('TINY_BERT');
    const query = 'guitar cable that works';
    // Dense: the scores are each model's own cosine similarities.
    const byModel = await stack.post('/search', { query, limit: 5, model: tiny, mode: 'dense' });
    expect(byModel.status).toBe(200);
    const tinyCollection = (await stack.get('/collections')).body.collections.find((c: any) => c.model === tiny && c.points === 120).name;
    const byName = await stack.post('/search', { query, limit: 5, collection: tinyCollection, mode: 'dense' });
    expect(byName.body.results).toEqual(byModel.body.results);
    const live = await stack.post('/search', { query, limit: 5, mode: 'dense' });
    expect(live.body.results.map((r: any) => r.score)).not.toEqual(byModel.body.results.map((r: any) => r.score));

    const id = byModel.body.results[0].id;
    const similar = await stack.get(`/reviews/${id}/similar?limit=3&model=${encodeURIComponent(tiny)}`);
    expect(similar.status).toBe(200);
    expect(similar.body.results.map((r: any) => r.id)).not.toContain(id);
    const similarity = await stack.post('/similarity', { a: { text: 'good strings' }, b: { text: 'bad cable' }, model: tiny });
    expect(similarity.body.model).toBe(tiny);
    const projection = await stack.get(`/projection?sample=20&model=${encodeURIComponent(tiny)}`);
    expect(projection.body).toMatchObject({ model: tiny, sample: 20 });

    const compared = await stack.post('/search/compare', { query, models: ['use-lite', tiny], limit: 10 });
    expect(compared.status).toBe(200);
    expect(compared.body.results.map((r: any) => [r.model, r.results.length])).toEqual([['use-lite', 10], [tiny, 10]]);
    const [overlap] = compared.body.overlap;
    const shared = compared.body.results[1].results.filter((r: any) => compared.body.results[0].results.some((s: any) => s.id === r.id)).length;
    expect(overlap).toEqual({ a: 'use-lite', b: tiny, shared, of: 10, share: shared / 10 });

    const unknown = await stack.post('/search', { query, model: 'Xenova/bge-small-en-v1.5' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/no collection was built with model 'Xenova\/bge-small-en-v1.5'/);
    const unoffered = await stack.post('/search', { query, model: 'Xenova/multilingual-e5-small' });
    expect(unoffered.status).toBe(400);
    expect(unoffered.body.details.allowed).toEqual(['use-lite', tiny, 'Xenova/bge-small-en-v1.5']);
  });

  it('refuses to delete the live collection, deletes another build, 404s an unknown build and 403s a foreign name', async () => {
    const listing = (await stack.get('/collections')).body;
    const live = listing.live;
    const refused = await fetch(`${stack.baseUrl}/collections/${live}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/is the live collection/);
    const other = listing.collections.find((c: any) => !c.live && c.name.startsWith(`${alias()}--`));
    const deleted = await fetch(`${stack.baseUrl}/collections/${other.name}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await stack.store.describeCollection(other.name)).toBeUndefined();
    expect((await fetch(`${stack.baseUrl}/collections/${alias()}--use-lite--20000101-000000-0000`, { method: 'DELETE' })).status).toBe(404);
    const foreign = await fetch(`${stack.baseUrl}/collections/nope`, { method: 'DELETE' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toMatch(/^'nope' is not a build of alias '.+': only its builds/);
    expect((await stack.post('/collections/nope/activate', {})).status).toBe(404);
  });
});
