import type { Embedder } from '../embedding/embedder.port';
import { fuseRankings, type FusionWeights } from '../search/fusion';
import { candidateLists } from '../search/hybrid-search';
import { denseQuery, sparseQuery } from '../search/search-queries';
import type { ScoredReview, VectorStore } from '../store/vector-store.port';
import type { QualityScores } from './search-calibration';
import type { TitleQuery } from './title-queries';

/** One title query's two candidate lists (each as deep as a top-10 hybrid search fetches). */
export interface QueryLists {
  relevant: string;
  dense: ScoredReview[];
  sparse: ScoredReview[];
}

const EMBED_BATCH = 64;
const CONCURRENCY = 8;
const TOP = 10;

/** Searches each title query once per list: every fusion is then measured from these lists, in memory. */
export async function fetchQueryLists(
  store: VectorStore,
  collection: string,
  model: string,
  embedder: Embedder,
  queries: readonly TitleQuery[],
): Promise<QueryLists[]> {
  const lists: QueryLists[] = [];
  for (let start = 0; start < queries.length; start += EMBED_BATCH) {
    const batch = queries.slice(start, start + EMBED_BATCH);
    const vectors = await embedder.embed(batch.map((q) => q.query), 'query');
    for (let i = 0; i < batch.length; i += CONCURRENCY) {
      const found = await Promise.all(
        batch.slice(i, i + CONCURRENCY).map((q, j) =>
          candidateLists(store, collection, model, { dense: denseQuery(vectors[i + j]!), sparse: sparseQuery(q.query) }, { limit: TOP }),
        ),
      );
      found.forEach((both, j) => lists.push({ relevant: batch[i + j]!.relevant, ...both }));
    }
  }
  return lists;
}

/** Where each query's relevant review ranks in the top 10 of `results` (0 when it is not there). */
export function qualityOf(lists: readonly QueryLists[], results: (lists: QueryLists) => readonly ScoredReview[]): QualityScores {
  const ranks = lists.map((q) => results(q).slice(0, TOP).findIndex((r) => r.id === q.relevant) + 1);
  const share = (hit: (rank: number) => number) => round(ranks.reduce((sum, rank) => sum + hit(rank), 0) / Math.max(ranks.length, 1));
  return {
    queries: ranks.length,
    recallAt1: share((rank) => (rank === 1 ? 1 : 0)),
    recallAt10: share((rank) => (rank >= 1 ? 1 : 0)),
    mrrAt10: share((rank) => (rank >= 1 ? 1 / rank : 0)),
  };
}

export const denseOnly = (q: QueryLists) => q.dense;
export const sparseOnly = (q: QueryLists) => q.sparse;
export const fusedBy = (weights: FusionWeights) => (q: QueryLists) => fuseRankings(q.dense, q.sparse, weights);

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
