import type { ScoredReview } from '../store/vector-store.port';

/**
 * How the dense and the sparse list become one: weighted reciprocal rank fusion
 * (`rrf`: each list adds weight / (k + rank)) or a convex mix of min-max
 * normalised scores (`convex`: each list adds weight * (score - min) / (max - min); k unused).
 */
export interface FusionWeights {
  method: 'rrf' | 'convex';
  dense: number;
  sparse: number;
  /** The RRF constant: the larger, the flatter the credit given to top ranks. */
  k: number;
}

/** Where a fused result stood in each list: score and 1-based rank, null when the list did not have it. */
export interface FusionExplanation {
  denseScore: number | null;
  denseRank: number | null;
  sparseScore: number | null;
  sparseRank: number | null;
  weights: FusionWeights;
}

export interface FusedReview extends ScoredReview {
  explain: FusionExplanation;
}

/**
 * Fuses two ranked lists (best first) into one, best first. Ties (a result only
 * in a list weighted 0, say) go to the result ranked higher in either list, then
 * to the smaller id, so a list weighted 0 only fills in after the other list ends.
 */
export function fuseRankings(dense: readonly ScoredReview[], sparse: readonly ScoredReview[], weights: FusionWeights): FusedReview[] {
  const fused = new Map<string, FusedReview>();
  const entry = (review: ScoredReview) => {
    let found = fused.get(review.id);
    if (!found) {
      found = { id: review.id, review: review.review, score: 0, explain: { denseScore: null, denseRank: null, sparseScore: null, sparseRank: null, weights } };
      // The dense vector, when the lists were asked for it (diversity and folding read it).
      if (review.vector) found.vector = review.vector;
      fused.set(review.id, found);
    }
    return found;
  };
  const add = (list: readonly ScoredReview[], weight: number, side: 'dense' | 'sparse') => {
    const normalise = minMax(list);
    list.forEach((review, index) => {
      const found = entry(review);
      const rank = index + 1;
      if (found.explain[`${side}Rank`] !== null) return; // a list names each review once; keep its best rank
      found.explain[`${side}Score`] = review.score;
      found.explain[`${side}Rank`] = rank;
      found.score += weights.method === 'rrf' ? weight / (weights.k + rank) : weight * normalise(review.score);
    });
  };
  add(dense, weights.dense, 'dense');
  add(sparse, weights.sparse, 'sparse');
  const bestRank = (r: FusedReview) => Math.min(r.explain.denseRank ?? Infinity, r.explain.sparseRank ?? Infinity);
  return [...fused.values()].sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function minMax(list: readonly ScoredReview[]): (score: number) => number {
  const scores = list.map((r) => r.score);
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return (score) => (max > min ? (score - min) / (max - min) : 1);
}
