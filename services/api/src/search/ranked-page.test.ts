import type { ScoredReview } from '@review-search/shared';
import { FOLD_CANDIDATES, FOLD_DEPTH, rankedPage, type Ranking } from './ranked-page';

/** A ranking of `texts` (best first), with one-hot vectors per distinct text, that records what it was asked. */
function fakeRanking(texts: string[]) {
  const asked: Parameters<Ranking>[0][] = [];
  const distinct = [...new Set(texts)];
  const rank: Ranking = async (options) => {
    asked.push(options);
    return texts.slice(options.offset, options.offset + options.limit).map((text, i) => {
      const result: ScoredReview = { id: `r${options.offset + i}`, score: 1 - (options.offset + i) / 10_000, review: { reviewText: text } as ScoredReview['review'] };
      if (options.withVectors) result.vector = distinct.map((t) => (t === text ? 1 : 0));
      return result;
    });
  };
  return { rank, asked };
}

describe('rankedPage', () => {
  it('without diversity or collapse asks the store for the page itself', async () => {
    const { rank, asked } = fakeRanking(['a', 'b', 'c', 'd']);
    const page = await rankedPage(rank, { limit: 2, offset: 1 }, true);
    expect(page).toEqual({ results: [expect.objectContaining({ id: 'r1' }), expect.objectContaining({ id: 'r2' })], collapsed: false });
    expect(asked).toEqual([expect.objectContaining({ limit: 2, offset: 1, withVectors: false })]);
  });

  it('reads further down the ranking until `limit` distinct reviews fill the page, and no further', async () => {
    // 60 tellings of one review, then ten distinct ones: the first window (2 * 3 + 10 = 16) holds one distinct review, the next (64) five.
    const texts = [...Array<string>(60).fill('same'), ...Array.from({ length: 10 }, (_, i) => `other ${i}`)];
    const { rank, asked } = fakeRanking(texts);
    const page = await rankedPage(rank, { limit: 3, collapse: true }, true);
    expect(page.collapsed).toBe(true);
    expect(page.results.map((r) => r.id)).toEqual(['r0', 'r60', 'r61']);
    expect(page.results[0]!.duplicates).toEqual({ count: 59, ids: Array.from({ length: 59 }, (_, i) => `r${i + 1}`) });
    expect(asked.map((a) => a.limit)).toEqual([16, 64]);
    for (const result of page.results) expect(result.vector).toBeUndefined();
  });

  it('stops at FOLD_CANDIDATES, returning what it found', async () => {
    const { rank, asked } = fakeRanking([...Array<string>(FOLD_CANDIDATES + 50).fill('same'), 'other']);
    const page = await rankedPage(rank, { limit: 2, collapse: true }, true);
    expect(page.results.map((r) => r.id)).toEqual(['r0']);
    expect(Math.max(...asked.map((a) => a.limit))).toBe(FOLD_CANDIDATES);
  });

  it('answers a page past FOLD_DEPTH unfolded', async () => {
    const { rank } = fakeRanking(Array<string>(FOLD_DEPTH + 20).fill('same'));
    const page = await rankedPage(rank, { limit: 10, offset: FOLD_DEPTH, collapse: true }, true);
    expect(page.collapsed).toBe(false);
    expect(page.results).toHaveLength(10);
  });

  it('passes diversity to a store that reorders, and reorders here for one that does not', async () => {
    const store = fakeRanking(['a', 'a2', 'b']);
    await rankedPage(store.rank, { limit: 2, diversity: 0.5 }, true);
    expect(store.asked).toEqual([expect.objectContaining({ limit: 2, diversity: 0.5, diversityCandidates: 100, withVectors: false })]);
    const here = fakeRanking(['a', 'a', 'b']);
    const page = await rankedPage(here.rank, { limit: 2, diversity: 0.5 }, false);
    expect(here.asked).toEqual([expect.objectContaining({ limit: 100, diversity: 0, withVectors: true })]);
    // The second telling of 'a' (cosine 1 to the first) gives way to 'b'.
    expect(page.results.map((r) => r.id)).toEqual(['r0', 'r2']);
  });
});
