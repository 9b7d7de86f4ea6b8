import { assertFilterFits } from './search/filter-fits';
import {
  DEFAULT_FUSION,
  denseQuery,
  hybridSearch,
  sparseQuery,
  type FusionExplanation,
  type FusionWeights,
  type SearchMode,
  type SearchOptions,
  type VectorStore,
} from '@review-search/shared';
import type { CollectionModels } from './collection-models';
import type { FoldedReview } from './search/collapse';
import { rankedPage, type PageRequest, type Ranking } from './search/ranked-page';

export interface SearchDeps {
  store: VectorStore;
  models: CollectionModels;
}

export interface SearchResult {
  results: (FoldedReview & { explain?: FusionExplanation })[];
  /** Whether near-identical reviews were folded (asked for, and the page within reach). */
  collapsed: boolean;
  /** Hybrid only: the weights and k the fusion used, and whether they are the build's calibration or the default. */
  fusion?: FusionWeights & { source: 'calibrated' | 'default' };
  took_ms: number;
}

/**
 * Search: embed the query with the collection's model (dense), match its words
 * (sparse: Qdrant's BM25 with the options the build recorded), or both (hybrid, the default of `/search`): the two candidate
 * lists fused with the build's calibrated weights. The page is reordered for
 * `diversity` and near-identical reviews folded when asked
 * (`search/ranked-page.ts`); `explain` adds, per result, where it stood in each list.
 */
export async function searchReviews(
  deps: SearchDeps,
  request: { collection: string; query: string; mode?: SearchMode; explain?: boolean } & SearchOptions & PageRequest,
): Promise<SearchResult> {
  const started = performance.now();
  const { query, mode = 'dense', explain = false, collapse, diversity, collection: name, ...options } = request;
  const { collection, model } = await deps.models.resolve(name);
  if (options.filter) assertFilterFits(options.filter, await deps.models.schema(collection), name);
  const dense = async () => denseQuery((await (await deps.models.embedder(model)).embed([query], 'query'))[0]!);
  const withVector = (withVectors: boolean) => (withVectors ? model : undefined);
  if (mode === 'hybrid') {
    const calibration = await deps.models.calibration(collection);
    const weights = calibration?.weights ?? DEFAULT_FUSION;
    const queries = { dense: await dense(), sparse: sparseQuery(query) };
    const rank: Ranking = ({ withVectors, ...ranking }) =>
      hybridSearch(deps.store, collection, model, queries, weights, { ...options, ...ranking, withVector: withVector(withVectors) });
    const page = await rankedPage(rank, { ...options, diversity, collapse }, false);
    return {
      results: page.results.map((result) => {
        const { explain: why, ...rest } = result as FoldedReview & { explain?: FusionExplanation };
        return explain ? { ...rest, explain: why } : rest;
      }),
      collapsed: page.collapsed,
      fusion: { ...weights, source: calibration?.source ?? 'default' },
      took_ms: elapsedMs(started),
    };
  }
  const search = mode === 'sparse' ? sparseQuery(query) : await dense();
  const rank: Ranking = ({ withVectors, ...ranking }) =>
    deps.store.searchReviews(collection, model, search, { ...options, ...ranking, withVector: withVector(withVectors) });
  const page = await rankedPage(rank, { ...options, diversity, collapse }, mode === 'dense');
  const offset = options.offset ?? 0;
  return {
    results: explain ? page.results.map((result, i) => ({ ...result, explain: singleList(mode, result.score, offset + i + 1) })) : page.results,
    collapsed: page.collapsed,
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
