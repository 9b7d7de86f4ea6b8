import type { ScoredReview } from '@review-search/shared';
import { cosine } from '../similarity.service';

/**
 * Maximal marginal relevance over a ranking the store has already made (a
 * fused hybrid ranking, or BM25): picks, one at a time, the candidate with the
 * best (1 - diversity) * relevance - diversity * (highest dense cosine to a
 * review already picked), relevance being the candidate's score over the
 * best score (0 to 1). The same trade-off Qdrant's own MMR makes for a dense
 * query, whose relevance is the cosine to the query vector; Qdrant cannot take
 * a fused or BM25 score as the relevance, hence this. Candidates need their
 * dense vectors; those without are left out. Scores are kept as they were.
 */
export function diversify(candidates: readonly ScoredReview[], diversity: number, limit: number): ScoredReview[] {
  const pool = candidates.filter((c) => c.vector);
  const best = Math.max(...pool.map((c) => c.score), Number.MIN_VALUE);
  const relevance = pool.map((c) => c.score / best);
  const closest = pool.map(() => Number.NEGATIVE_INFINITY);
  const picked: ScoredReview[] = [];
  const left = new Set(pool.keys());
  while (picked.length < limit && left.size > 0) {
    let chosen = -1;
    let chosenValue = Number.NEGATIVE_INFINITY;
    for (const i of left) {
      const penalty = picked.length === 0 ? 0 : closest[i]!;
      const value = (1 - diversity) * relevance[i]! - diversity * penalty;
      if (value > chosenValue) [chosen, chosenValue] = [i, value];
    }
    left.delete(chosen);
    picked.push(pool[chosen]!);
    for (const i of left) closest[i] = Math.max(closest[i]!, cosine(pool[i]!.vector!, pool[chosen]!.vector!));
  }
  return picked;
}
