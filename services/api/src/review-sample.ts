import { seededSample, type StoredReview, type VectorStore } from '@review-search/shared';

/**
 * A seeded sample of `size` reviews with their `model` vectors: the same
 * seed over the same collection gives the same reviews, in the same order.
 */
export async function sampleReviews(
  store: VectorStore,
  collection: string,
  model: string,
  size: number,
  seed: number,
): Promise<StoredReview[]> {
  const ids = await store.listIds(collection);
  const chosen = seededSample(ids, size, seed);
  const reviews: StoredReview[] = [];
  for (let start = 0; start < chosen.length; start += 256) {
    reviews.push(...(await store.getReviews(collection, chosen.slice(start, start + 256), { withVector: model })));
  }
  const order = new Map(chosen.map((id, index) => [id, index]));
  return reviews.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
