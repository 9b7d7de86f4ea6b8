import type { ScoredReview } from '@review-search/shared';
import { cosine } from '../similarity.service';
import { normalised } from './text-signals';

/** Two reviews whose text embeddings are at least this similar say the same thing, for a prompt. */
export const SAME_REVIEW_SIMILARITY = 0.97;

/** A review given to the model, with the retrieved reviews that repeat it (folded into it). */
export interface FoldedReview {
  review: ScoredReview;
  repeats: ScoredReview[];
}

/**
 * The reviews, best first, with each one that repeats an earlier one (same
 * normalised text, or embeddings `SAME_REVIEW_SIMILARITY` alike) folded into
 * it, so a prompt spends its context on different reviews. `vectors[i]` is the
 * embedding of `reviews[i]`'s text.
 */
export function foldRepeats(reviews: readonly ScoredReview[], vectors: readonly number[][]): FoldedReview[] {
  const kept: { folded: FoldedReview; text: string; vector: number[] }[] = [];
  reviews.forEach((review, i) => {
    const text = normalised(review.review.reviewText);
    const vector = vectors[i]!;
    const same = kept.find((k) => k.text === text || cosine(k.vector, vector) >= SAME_REVIEW_SIMILARITY);
    if (same) same.folded.repeats.push(review);
    else kept.push({ folded: { review, repeats: [] }, text, vector });
  });
  return kept.map((k) => k.folded);
}
