import { isDeepStrictEqual } from 'node:util';
import { type Review, type UpsertChanges, type VectorStore } from '@review-search/shared';

/** What an upsert batch writes (with the vector it keeps, where its text is unchanged), and what that changes. */
export interface UpsertPlan {
  writes: { id: string; review: Review; vector?: number[] }[];
  changes: UpsertChanges;
}

/**
 * Compares a batch's reviews with the points the collection holds under the
 * same ids: a review it does not hold is added; one it holds field for field
 * is left alone; one that differs is replaced, keeping the stored vector when
 * only fields other than the text changed. The same review twice in a batch
 * counts once, as its last row.
 */
export async function upsertPlan(
  store: VectorStore,
  collection: string,
  model: string,
  rows: readonly { id: string; review: Review }[],
): Promise<UpsertPlan> {
  const last = new Map(rows.map((row) => [row.id, row]));
  const stored = new Map((await store.getReviews(collection, [...last.keys()], { withVector: model })).map((point) => [point.id, point]));
  const changes: UpsertChanges = { added: 0, replaced: 0, unchanged: 0 };
  const writes: UpsertPlan['writes'] = [];
  for (const row of last.values()) {
    const held = stored.get(row.id);
    if (!held) {
      changes.added += 1;
      writes.push(row);
    } else if (sameReview(held.review, row.review)) {
      changes.unchanged += 1;
    } else {
      changes.replaced += 1;
      writes.push(held.review.reviewText === row.review.reviewText && held.vector ? { ...row, vector: held.vector } : row);
    }
  }
  return { writes, changes };
}


/** The same fields with the same values (whatever their order). */
function sameReview(a: Review, b: Review): boolean {
  return isDeepStrictEqual(a, b);
}
