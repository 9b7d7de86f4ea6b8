import seedrandom from 'seedrandom';
import type { StoredReview, VectorStore } from '@review-search/shared';

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
  const chosen = choose(ids, size, seed);
  const reviews: StoredReview[] = [];
  for (let start = 0; start < chosen.length; start += 256) {
    reviews.push(...(await store.getReviews(collection, chosen.slice(start, start + 256), { withVector: model })));
  }
  const order = new Map(chosen.map((id, index) => [id, index]));
  return reviews.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** `size` items picked without replacement by a seeded partial Fisher-Yates shuffle. */
export function choose<T>(items: readonly T[], size: number, seed: number): T[] {
  const random = seedrandom(`review-search:${seed}`);
  const pool = [...items];
  const count = Math.min(size, pool.length);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
