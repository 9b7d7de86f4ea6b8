import type { Review } from '../reviews/review';
import { fuseRankings } from './fusion';

const list = (...items: [string, number][]) => items.map(([id, score]) => ({ id, score, review: { reviewerID: id } as unknown as Review }));

describe('fuseRankings', () => {
  const dense = list(['a', 0.9], ['b', 0.8], ['c', 0.5]);
  const sparse = list(['c', 12], ['d', 6]);

  it('weighted RRF: each list adds weight / (k + rank); absent ranks are null', () => {
    const fused = fuseRankings(dense, sparse, { method: 'rrf', dense: 0.25, sparse: 0.75, k: 10 });
    expect(fused.map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(fused[0]!.score).toBeCloseTo(0.25 / 13 + 0.75 / 11, 12);
    expect(fused[1]!.score).toBeCloseTo(0.75 / 12, 12);
    expect(fused[2]!.score).toBeCloseTo(0.25 / 11, 12);
    expect(fused[0]!.explain).toEqual({
      denseScore: 0.5, denseRank: 3, sparseScore: 12, sparseRank: 1,
      weights: { method: 'rrf', dense: 0.25, sparse: 0.75, k: 10 },
    });
    expect(fused[1]!.explain).toMatchObject({ denseScore: null, denseRank: null, sparseRank: 2 });
  });

  it('a list weighted 0 only fills in after the other, in its own order', () => {
    const fused = fuseRankings(dense, sparse, { method: 'rrf', dense: 0, sparse: 1, k: 60 });
    expect(fused.map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(fused.slice(2).map((r) => r.score)).toEqual([0, 0]);
  });

  it('convex: min-max normalised scores mixed by weight', () => {
    const fused = fuseRankings(dense, sparse, { method: 'convex', dense: 0.5, sparse: 0.5, k: 0 });
    const byId = Object.fromEntries(fused.map((r) => [r.id, r.score]));
    const expected = { a: 0.5, b: 0.5 * 0.75, c: 0.5, d: 0 };
    expect(Object.keys(byId).sort()).toEqual(Object.keys(expected));
    for (const [id, score] of Object.entries(expected)) expect(byId[id]).toBeCloseTo(score, 12);
  });
});
