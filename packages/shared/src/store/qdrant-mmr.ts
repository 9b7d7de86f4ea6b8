import type { SearchOptions } from './vector-store.port';

/** Qdrant's own cap on the candidates of maximal marginal relevance. */
export const MAX_MMR_CANDIDATES = 16_384;

/**
 * The `query` of a nearest search: the vector (or the id of a stored point)
 * itself, or, with a diversity above 0, Qdrant's maximal marginal relevance
 * over the nearest `diversityCandidates` (Qdrant 1.15+). Qdrant scores MMR
 * as (1 - diversity) * similarity to the query - diversity * highest
 * similarity to a review already picked, and answers each point's similarity
 * to the query as its score.
 */
export function nearestQuery<V>(vector: V, options: SearchOptions): V | { nearest: V; mmr: { diversity: number; candidates_limit: number } } {
  if (!options.diversity) return vector;
  const wanted = (options.offset ?? 0) + options.limit;
  const candidates = Math.min(MAX_MMR_CANDIDATES, Math.max(wanted, options.diversityCandidates ?? wanted));
  return { nearest: vector, mmr: { diversity: options.diversity, candidates_limit: candidates } };
}
