import { writeCodedReviews, productCode } from '../support/coded-reviews';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

const REVIEWS = 60;

/** MRR@10 of title queries whose relevant review is `C<n>`, computed from the API's own answers. */
async function mrrAt10(stack: TestStack, mode: 'dense' | 'sparse' | undefined): Promise<number> {
  let sum = 0;
  for (let n = 0; n < REVIEWS; n += 1) {
    // Rankings as the lists give them: near-identical reviews (these are made from one template) are not folded.
    const response = await stack.post('/search', { query: `${productCode(n)} strap review`, limit: 10, collapse: false, ...(mode ? { mode } : {}) });
    expect(response.status).toBe(200);
    const rank = response.body.results.findIndex((r: any) => r.review.reviewerID === `C${n}`) + 1;
    sum += rank > 0 ? 1 / rank : 0;
  }
  return sum / REVIEWS;
}

/** Each build calibrates its hybrid search on its own titles, stores the choice, and the default search uses it. */
describe('search calibration per build', () => {
  let stack: TestStack;
  let live: string;

  beforeAll(async () => {
    stack = await startTestStack(testConfig());
    const accepted = await stack.post('/ingest', { source: writeCodedReviews(REVIEWS) });
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect(status.state).toBe('completed');
    live = accepted.body.collection;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('favours the sparse list when titles share rare words with their reviews, and GET /collections shows it', async () => {
    const listing = await stack.get('/collections');
    const build = listing.body.collections.find((c: any) => c.name === live);
    const calibration = build.calibration;
    expect(calibration).toMatchObject({ source: 'calibrated', queries: { tuning: 30, heldOut: 30 } });
    expect(calibration.weights.sparse).toBeGreaterThan(calibration.weights.dense);
    const { dense, sparse, hybrid } = calibration.heldOut;
    expect(sparse.mrrAt10).toBeGreaterThan(dense.mrrAt10 + 0.3);
    expect(hybrid.mrrAt10).toBeGreaterThanOrEqual(Math.max(dense.mrrAt10, sparse.mrrAt10));
  });

  it('the default search (hybrid, calibrated weights) measures at least as well as either list alone', async () => {
    const [dense, sparse, byDefault] = [await mrrAt10(stack, 'dense'), await mrrAt10(stack, 'sparse'), await mrrAt10(stack, undefined)];
    expect(sparse).toBeGreaterThan(dense + 0.3);
    expect(byDefault).toBeGreaterThanOrEqual(Math.max(dense, sparse));
    const answer = await stack.post('/search', { query: 'comfortable strap', limit: 3 });
    const stored = (await stack.store.describeCollection(live))!.calibration!;
    expect(answer.body.fusion).toEqual({ ...stored.weights, source: 'calibrated' });
  });

  it('explain gives each result its dense and sparse scores and ranks, as separate searches find them', async () => {
    const query = `${productCode(7)} comfortable strap`;
    // Ranks in each list before folding: the separate searches fold nothing either.
    const hybrid = await stack.post('/search', { query, limit: 10, explain: true, collapse: false });
    const dense = (await stack.post('/search', { query, limit: 50, mode: 'dense', collapse: false })).body.results as any[];
    const sparse = (await stack.post('/search', { query, limit: 50, mode: 'sparse', collapse: false })).body.results as any[];
    expect(hybrid.status).toBe(200);
    expect(hybrid.body.results).toHaveLength(10);
    const weights = hybrid.body.fusion;
    const norm = (list: any[]) => {
      const scores = list.map((r) => r.score);
      const [min, max] = [Math.min(...scores), Math.max(...scores)];
      return (score: number) => (max > min ? (score - min) / (max - min) : 1);
    };
    let previous = Infinity;
    for (const result of hybrid.body.results) {
      const d = dense.findIndex((r) => r.id === result.id);
      const s = sparse.findIndex((r) => r.id === result.id);
      expect(result.explain).toEqual({
        denseScore: d >= 0 ? dense[d].score : null,
        denseRank: d >= 0 ? d + 1 : null,
        sparseScore: s >= 0 ? sparse[s].score : null,
        sparseRank: s >= 0 ? s + 1 : null,
        weights: { method: weights.method, dense: weights.dense, sparse: weights.sparse, k: weights.k },
      });
      const expected =
        weights.method === 'rrf'
          ? (d >= 0 ? weights.dense / (weights.k + d + 1) : 0) + (s >= 0 ? weights.sparse / (weights.k + s + 1) : 0)
          : (d >= 0 ? weights.dense * norm(dense)(dense[d].score) : 0) + (s >= 0 ? weights.sparse * norm(sparse)(sparse[s].score) : 0);
      expect(result.score).toBeCloseTo(expected, 10);
      expect(result.score).toBeLessThanOrEqual(previous);
      previous = result.score;
    }
    // The review the code names is the sparse list's first, and the hybrid's.
    expect(sparse[0].review.reviewerID).toBe('C7');
    expect(hybrid.body.results[0].review.reviewerID).toBe('C7');
  });

  it('an "if-better" build that measures worse than the live one stays inactive, and its job says why', async () => {
    // The same reviews crowded by decoys that repeat each code: titles find their review less often.
    const accepted = await stack.post('/ingest', { source: writeCodedReviews(REVIEWS, 4), activate: 'if-better' });
    expect(accepted.status).toBe(202);
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect(status.state).toBe('completed');
    const decision = status.result!.activation!;
    expect(status.result!.activated).toBeNull();
    expect(decision).toMatchObject({ activated: false, winner: live, live, queries: 30 });
    expect(decision.liveMrrAt10).toBeGreaterThan(decision.buildMrrAt10!);
    expect(decision.margin).toBeCloseTo(decision.buildMrrAt10! - decision.liveMrrAt10!, 3);
    expect(decision.reason).toMatch(/worse, so '.+' stays live$/);
    expect(await stack.store.aliasTarget(stack.config.collection)).toBe(live);
    // The rejected build still has its calibration, for whoever activates it by hand.
    expect((await stack.store.describeCollection(accepted.body.collection))!.calibration?.source).toBe('calibrated');
  });
});
