import type { ScoredReview, SearchMode, SearchOptions, SearchQuery, VectorStore } from '@review-search/shared';
import type { CollectionModels } from './collection-models';

export interface SearchDeps {
  store: VectorStore;
  models: CollectionModels;
}

export interface SearchResult {
  results: ScoredReview[];
  took_ms: number;
}

/**
 * Search: embed the query with the collection's model (dense), match its words
 * (sparse: Qdrant's BM25 with the options the build recorded), or both fused by rank (hybrid); return the best reviews that
 * pass the filter.
 */
export async function searchReviews(
  deps: SearchDeps,
  request: { collection: string; query: string; mode?: SearchMode } & SearchOptions,
): Promise<SearchResult> {
  const started = performance.now();
  const { query, mode = 'dense', collection: name, ...options } = request;
  const { collection, model } = await deps.models.resolve(name);
  const dense = async () => (await (await deps.models.embedder(model)).embed([query], 'query'))[0]!;
  const search: SearchQuery =
    mode === 'sparse'
      ? { mode, text: query }
      : mode === 'hybrid'
        ? { mode, vector: await dense(), text: query }
        : { mode, vector: await dense() };
  const results = await deps.store.searchReviews(collection, model, search, options);
  return { results, took_ms: elapsedMs(started) };
}

export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
