import type { ScoredReview, SearchOptions, SearchQuery, VectorStore } from '../store/vector-store.port';
import { fuseRankings, type FusedReview, type FusionWeights } from './fusion';

export type DenseQuery = Extract<SearchQuery, { mode: 'dense' }>;
export type SparseQuery = Extract<SearchQuery, { mode: 'sparse' }>;

/** How many candidates each list gives the fusion: enough for the page asked for, at least 50. */
export function candidateDepth(options: Pick<SearchOptions, 'limit' | 'offset'>): number {
  return Math.max(50, (options.offset ?? 0) + options.limit * 4);
}

/** The dense and the sparse candidate lists of one query, each through the store's own search, filters applied. */
export async function candidateLists(
  store: VectorStore,
  collection: string,
  model: string,
  queries: { dense: DenseQuery; sparse: SparseQuery },
  options: SearchOptions,
): Promise<{ dense: ScoredReview[]; sparse: ScoredReview[] }> {
  const lists: SearchOptions = { limit: candidateDepth(options), filter: options.filter, withVector: options.withVector };
  const [dense, sparse] = await Promise.all([
    store.searchReviews(collection, model, queries.dense, lists),
    store.searchReviews(collection, model, queries.sparse, lists),
  ]);
  return { dense, sparse };
}

/**
 * Hybrid search: both candidate lists fused with `weights`; `scoreThreshold`
 * applies to the fused score, then `offset` and `limit` page the fused list.
 */
export async function hybridSearch(
  store: VectorStore,
  collection: string,
  model: string,
  queries: { dense: DenseQuery; sparse: SparseQuery },
  weights: FusionWeights,
  options: SearchOptions,
): Promise<FusedReview[]> {
  const { dense, sparse } = await candidateLists(store, collection, model, queries, options);
  const offset = options.offset ?? 0;
  return fuseRankings(dense, sparse, weights)
    .filter((r) => options.scoreThreshold === undefined || r.score >= options.scoreThreshold)
    .slice(offset, offset + options.limit);
}
