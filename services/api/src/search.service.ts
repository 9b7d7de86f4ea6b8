import type { Embedder, ScoredReview, VectorStore } from '@review-search/shared';

export interface SearchDeps {
  store: VectorStore;
  /** The embedder of the model the collection was built with. */
  embedderFor(collection: string): Promise<Embedder>;
}

export interface SearchResult {
  results: ScoredReview[];
  took_ms: number;
}

/** Semantic search: embed the query with the collection's model, return the nearest reviews. */
export async function searchReviews(
  deps: SearchDeps,
  request: { collection: string; query: string; limit: number },
): Promise<SearchResult> {
  const started = performance.now();
  const embedder = await deps.embedderFor(request.collection);
  const [vector] = await embedder.embed([request.query]);
  const results = await deps.store.searchReviews(request.collection, embedder.model, vector!, request.limit);
  return { results, took_ms: Math.round((performance.now() - started) * 10) / 10 };
}
