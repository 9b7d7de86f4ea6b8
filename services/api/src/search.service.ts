import type { ScoredReview, SearchOptions, VectorStore } from '@review-search/shared';
import type { CollectionModels } from './collection-models';

export interface SearchDeps {
  store: VectorStore;
  models: CollectionModels;
}

export interface SearchResult {
  results: ScoredReview[];
  took_ms: number;
}

/** Semantic search: embed the query with the collection's model, return the nearest reviews that pass the filter. */
export async function searchReviews(
  deps: SearchDeps,
  request: { collection: string; query: string } & SearchOptions,
): Promise<SearchResult> {
  const started = performance.now();
  const { query, ...options } = request;
  const { collection, model } = await deps.models.resolve(request.collection);
  const embedder = await deps.models.embedder(model);
  const [vector] = await embedder.embed([query]);
  const results = await deps.store.searchReviews(collection, model, vector!, options);
  return { results, took_ms: elapsedMs(started) };
}

export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
