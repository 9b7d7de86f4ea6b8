import { loadEmbedder, type Embedder } from '@review-search/shared';
import { DISTINCT, duplicatesCsv, QUERY, REWORDED, SAME } from '../support/duplicate-reviews';
import { writeTempFile } from '../support/fixtures';
import { resolveSchema } from '../support/openapi-operations';
import { startTestStack, type TestStack } from '../support/stack';

/** Cosine of two vectors, written here so the test does not lean on the service's own. */
function cos(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

/** Each review's stored vector, read from Qdrant's REST API directly. */
async function storedVectors(stack: TestStack, ids: string[]): Promise<Map<string, number[]>> {
  const response = await fetch(`${stack.config.qdrant.url}/collections/${stack.config.collection}/points`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids, with_payload: false, with_vector: ['use-lite'] }),
  });
  const body = (await response.json()) as { result: { id: string; vector: Record<string, number[]> }[] };
  return new Map(body.result.map((p) => [p.id, p.vector['use-lite']!]));
}

async function closePairs(stack: TestStack, ids: string[], floor: number): Promise<number> {
  const vectors = await storedVectors(stack, ids);
  let pairs = 0;
  for (let i = 0; i < ids.length; i += 1) {
    for (let j = i + 1; j < ids.length; j += 1) if (cos(vectors.get(ids[i]!)!, vectors.get(ids[j]!)!) >= floor) pairs += 1;
  }
  return pairs;
}

describe('diverse results, on reviews told several times (a fixture CSV, use-lite)', () => {
  let stack: TestStack;
  let embedder: Embedder;
  let idOf: Map<string, string>;

  beforeAll(async () => {
    stack = await startTestStack();
    const accepted = await stack.post('/ingest', { source: writeTempFile('duplicates.csv', duplicatesCsv()) });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    embedder = await loadEmbedder('use-lite', { cacheDir: '.cache/models' });
    const everything = await stack.post('/search', { query: QUERY, limit: 100, collapse: false });
    idOf = new Map(everything.body.results.map((r: any) => [r.review.reviewText, r.id]));
    expect(idOf.size).toBe(SAME.length + 1 + DISTINCT.length);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('the fixture holds what the tests need: the rewording within 0.97 of a telling, by the model itself', async () => {
    const [reworded, ...same] = await embedder.embed([REWORDED, ...SAME]);
    expect(Math.max(...same.map((v) => cos(reworded!, v!)))).toBeGreaterThanOrEqual(0.97);
  });

  it.each(['dense', 'hybrid'])('%s: diversity 0.5 lists fewer near-duplicate pairs (cosine >= 0.9) than plain top-k', async (mode) => {
    const plain = await stack.post('/search', { query: QUERY, limit: 10, mode, collapse: false });
    const diverse = await stack.post('/search', { query: QUERY, limit: 10, mode, collapse: false, diversity: 0.5 });
    expect(plain.status).toBe(200);
    expect(diverse.status).toBe(200);
    expect(diverse.body.results).toHaveLength(10);
    const before = await closePairs(stack, plain.body.results.map((r: any) => r.id), 0.9);
    const after = await closePairs(stack, diverse.body.results.map((r: any) => r.id), 0.9);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    // The most relevant review still leads.
    expect(diverse.body.results[0].id).toBe(plain.body.results[0].id);
  });

  it('similar reviews take diversity too, and never list the review itself', async () => {
    const id = idOf.get(DISTINCT[7]!)!;
    const plain = await stack.get(`/reviews/${id}/similar?limit=10&collapse=false`);
    const diverse = await stack.get(`/reviews/${id}/similar?limit=10&collapse=false&diversity=0.5`);
    expect(diverse.status).toBe(200);
    expect(diverse.body.results).toHaveLength(10);
    expect(diverse.body.results.map((r: any) => r.id)).not.toContain(id);
    const before = await closePairs(stack, plain.body.results.map((r: any) => r.id), 0.9);
    expect(before).toBeGreaterThan(0);
    expect(await closePairs(stack, diverse.body.results.map((r: any) => r.id), 0.9)).toBeLessThan(before);
  });

  it('folds them into the best-ranked one, with the right count and ids, and still returns `limit` distinct results', async () => {
    const response = await stack.post('/search', { query: QUERY, limit: 5 });
    expect(response.status).toBe(200);
    expect(response.body.collapsed).toBe(true);
    const results: any[] = response.body.results;
    expect(results).toHaveLength(5);
    const group = new Set([...SAME, REWORDED].map((t) => idOf.get(t)!));
    const shown = results.filter((r) => group.has(r.id));
    expect(shown).toHaveLength(1);
    const [kept] = shown;
    expect(kept.duplicates.count).toBe(group.size - 1);
    expect(new Set(kept.duplicates.ids)).toEqual(new Set([...group].filter((id) => id !== kept.id)));
    // The one kept is the best ranked of its group.
    const plain = (await stack.post('/search', { query: QUERY, limit: 100, collapse: false })).body.results.map((r: any) => r.id);
    expect(plain.find((id: string) => group.has(id))).toBe(kept.id);
    // The others are distinct: different normalised texts and dense vectors under 0.97, checked with the model here.
    const vectors = await embedder.embed(results.map((r) => r.review.reviewText));
    for (let i = 0; i < results.length; i += 1) {
      for (let j = i + 1; j < results.length; j += 1) expect(cos(vectors[i]!, vectors[j]!)).toBeLessThan(0.97);
      if (!group.has(results[i].id)) expect(results[i].duplicates).toBeUndefined();
    }
  });

  it('collapse: false shows every one of them', async () => {
    const response = await stack.post('/search', { query: QUERY, limit: 10, collapse: false });
    expect(response.body.collapsed).toBe(false);
    const ids = response.body.results.map((r: any) => r.id);
    for (const text of [...SAME, REWORDED]) expect(ids).toContain(idOf.get(text));
    for (const r of response.body.results) expect(r.duplicates).toBeUndefined();
  });

  it('pages count folded results: offset 2 continues where the first page stopped', async () => {
    const first = (await stack.post('/search', { query: QUERY, limit: 4 })).body.results.map((r: any) => r.id);
    const second = (await stack.post('/search', { query: QUERY, limit: 2, offset: 2 })).body.results.map((r: any) => r.id);
    expect(second).toEqual(first.slice(2, 4));
  });

  it('similar reviews fold them too', async () => {
    const id = idOf.get(REWORDED)!;
    const response = await stack.get(`/reviews/${id}/similar?limit=5`);
    expect(response.status).toBe(200);
    const results: any[] = response.body.results;
    expect(results).toHaveLength(5);
    const others = new Set(SAME.map((t) => idOf.get(t)!));
    const shown = results.filter((r) => others.has(r.id));
    expect(shown).toHaveLength(1);
    expect(shown[0].duplicates.count).toBe(others.size - 1);
    const all = (await stack.get(`/reviews/${id}/similar?limit=10&collapse=false`)).body.results.map((r: any) => r.id);
    for (const other of others) expect(all).toContain(other);
  });

  it.each([
    ['/search', { query: QUERY, diversity: 1.5 }, /body\.diversity/],
    ['/search', { query: QUERY, diversity: -0.1 }, /body\.diversity/],
    ['/search', { query: QUERY, diversity: '0.5' }, /body\.diversity/],
    ['/search', { query: QUERY, collapse: 'no' }, /body\.collapse/],
    ['/summarize', { query: QUERY, diversity: 2 }, /body\.diversity/],
  ])('POST %s %j answers 400 naming the field', async (route, body, reason) => {
    const response = await stack.post(route, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(reason);
  });

  it('GET /reviews/:id/similar refuses a diversity outside 0..1 and a collapse that is not true or false', async () => {
    const first = { id: idOf.get(DISTINCT[0]!)! };
    for (const [query, reason] of [['diversity=1.01', /query\.diversity/], ['diversity=-1', /query\.diversity/], ['collapse=yes', /query\.collapse/]] as const) {
      const response = await stack.get(`/reviews/${first.id}/similar?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(reason);
    }
  });

  it('the OpenAPI document describes diversity, collapse and duplicates', async () => {
    const doc = (await stack.get('/openapi.json')).body;
    const search = doc.paths['/search'].post;
    const body = search.requestBody.content['application/json'].schema;
    expect(body.properties.diversity).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: 0 });
    expect(body.properties.collapse).toMatchObject({ type: 'boolean', default: true });
    const answer = resolveSchema(doc, search.responses['200'].content['application/json'].schema);
    const result = resolveSchema(doc, answer.properties!.results!.items!);
    expect(result.properties!.duplicates!.properties).toMatchObject({ count: { type: 'integer' }, ids: { type: 'array' } });
    const similar = doc.paths['/reviews/{id}/similar'].get;
    expect(similar.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['diversity', 'collapse']));
    expect(resolveSchema(doc, similar.responses['200'].content['application/json'].schema).properties!.collapsed).toMatchObject({ type: 'boolean' });
  });
});
