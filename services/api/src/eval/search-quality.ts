import type { Embedder, SearchMode, SearchQuery, VectorStore } from '@review-search/shared';
import type { TitleQuery } from './title-queries';

export interface QualityScores {
  queries: number;
  recallAt1: number;
  recallAt10: number;
  mrrAt10: number;
}

const EMBED_BATCH = 64;
const CONCURRENCY = 8;

/**
 * Recall@1, recall@10 and MRR@10 of one collection in one mode: for each
 * query, where its one relevant review ranks in the top 10.
 */
export async function searchQuality(
  store: VectorStore,
  collection: string,
  model: string,
  embedder: Embedder,
  mode: SearchMode,
  queries: readonly TitleQuery[],
): Promise<QualityScores> {
  const ranks: number[] = [];
  for (let start = 0; start < queries.length; start += EMBED_BATCH) {
    const batch = queries.slice(start, start + EMBED_BATCH);
    const vectors = mode === 'sparse' ? [] : await embedder.embed(batch.map((q) => q.query), 'query');
    const searches: SearchQuery[] = batch.map((q, i) =>
      mode === 'sparse'
        ? { mode, text: q.query }
        : mode === 'hybrid'
          ? { mode, vector: vectors[i]!, text: q.query }
          : { mode, vector: vectors[i]! },
    );
    for (let i = 0; i < batch.length; i += CONCURRENCY) {
      const found = await Promise.all(
        searches.slice(i, i + CONCURRENCY).map((search) => store.searchReviews(collection, model, search, { limit: 10 })),
      );
      found.forEach((results, k) => ranks.push(results.findIndex((r) => r.id === batch[i + k]!.relevant) + 1));
    }
  }
  return scores(ranks);
}

/** Ranks of the relevant review (0: not in the top 10) as recall@1, recall@10 and MRR@10. */
function scores(ranks: readonly number[]): QualityScores {
  const share = (hit: (rank: number) => number) => round(ranks.reduce((sum, rank) => sum + hit(rank), 0) / Math.max(ranks.length, 1));
  return {
    queries: ranks.length,
    recallAt1: share((rank) => (rank === 1 ? 1 : 0)),
    recallAt10: share((rank) => (rank >= 1 ? 1 : 0)),
    mrrAt10: share((rank) => (rank >= 1 ? 1 / rank : 0)),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
