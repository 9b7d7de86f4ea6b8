import { queryTerms, type SearchMode, type SearchOptions, type SearchQuery, type VectorStore } from '@review-search/shared';
import type { CollectionModels } from './collection-models';
import type { FoldedReview } from './search/collapse';
import { rankedPage, type PageRequest } from './search/ranked-page';

export interface SearchDeps {
  store: VectorStore;
  models: CollectionModels;
}

export interface SearchResult {
  results: FoldedReview[];
  /** Whether near-identical reviews were folded (asked for, and the page within reach). */
  collapsed: boolean;
  took_ms: number;
}

/**
 * Search: embed the query with the collection's model (dense), weigh its terms
 * (sparse, BM25), or both fused by rank (hybrid); return the best reviews that
 * pass the filter, reordered for `diversity` and with near-identical ones
 * folded when asked (`search/ranked-page.ts`).
 */
export async function searchReviews(
  deps: SearchDeps,
  request: { collection: string; query: string; mode?: SearchMode } & SearchOptions & PageRequest,
): Promise<SearchResult> {
  const started = performance.now();
  const { query, mode = 'dense', collection: name, collapse, diversity, ...options } = request;
  const { collection, model } = await deps.models.resolve(name);
  const dense = async () => (await (await deps.models.embedder(model)).embed([query], 'query'))[0]!;
  const search: SearchQuery =
    mode === 'sparse'
      ? { mode, terms: queryTerms(query) }
      : mode === 'hybrid'
        ? { mode, vector: await dense(), terms: queryTerms(query) }
        : { mode, vector: await dense() };
  const page = await rankedPage(
    ({ withVectors, ...ranking }) => deps.store.searchReviews(collection, model, search, { ...options, ...ranking, withVector: withVectors ? model : undefined }),
    { ...options, diversity, collapse },
    mode === 'dense',
  );
  return { ...page, took_ms: elapsedMs(started) };
}

export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
