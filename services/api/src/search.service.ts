import {
  DEFAULT_FUSION,
  denseQuery,
  hybridSearch,
  sparseQuery,
  type FusionExplanation,
  type FusionWeights,
  type ScoredReview,
  type SearchMode,
  type SearchOptions,
  type VectorStore,
} from '@review-search/shared';
import type { CollectionModels } from './collection-models';

export interface SearchDeps {
  store: VectorStore;
  models: CollectionModels;
}

export interface SearchResult {
  results: (ScoredReview & { explain?: FusionExplanation })[];
  /** Hybrid only: the weights and k the fusion used, and whether they are the build's calibration or the default. */
  fusion?: FusionWeights & { source: 'calibrated' | 'default' };
  took_ms: number;
}

/**
 * Search: embed the query with the collection's model (dense), weigh its terms
 * (sparse, BM25), or both (hybrid, the default of `/search`): the two candidate lists fused
 * with the build's calibrated weights. `explain` adds, per result, where it
 * stood in each list.
 */
export async function searchReviews(
  deps: SearchDeps,
  request: { collection: string; query: string; mode?: SearchMode; explain?: boolean } & SearchOptions,
): Promise<SearchResult> {
  const started = performance.now();
  const { query, mode = 'dense', explain = false, collection: name, ...options } = request;
  const { collection, model } = await deps.models.resolve(name);
  const dense = async () => denseQuery((await (await deps.models.embedder(model)).embed([query], 'query'))[0]!);
  if (mode === 'hybrid') {
    const calibration = await deps.models.calibration(collection);
    const weights = calibration?.weights ?? DEFAULT_FUSION;
    const fused = await hybridSearch(deps.store, collection, model, { dense: await dense(), sparse: sparseQuery(query) }, weights, options);
    return {
      results: fused.map(({ explain: why, ...result }) => (explain ? { ...result, explain: why } : result)),
      fusion: { ...weights, source: calibration?.source ?? 'default' },
      took_ms: elapsedMs(started),
    };
  }
  const search = mode === 'sparse' ? sparseQuery(query) : await dense();
  const results = await deps.store.searchReviews(collection, model, search, options);
  const offset = options.offset ?? 0;
  return {
    results: explain ? results.map((result, i) => ({ ...result, explain: singleList(mode, result.score, offset + i + 1) })) : results,
    took_ms: elapsedMs(started),
  };
}

/** A dense or sparse search explained: its own score and rank, nothing from the list it did not search. */
function singleList(mode: 'dense' | 'sparse', score: number, rank: number): FusionExplanation {
  const weights: FusionWeights = { method: 'rrf', dense: mode === 'dense' ? 1 : 0, sparse: mode === 'sparse' ? 1 : 0, k: 0 };
  return mode === 'dense'
    ? { denseScore: score, denseRank: rank, sparseScore: null, sparseRank: null, weights }
    : { denseScore: null, denseRank: null, sparseScore: score, sparseRank: rank, weights };
}

export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
