import type { VectorStore } from '@review-search/shared';
import { sampleReviews } from './review-sample';
import { cosine } from './similarity.service';

const SAMPLE = 200;

export interface Baseline {
  median: number;
  p90: number;
  pairs: number;
  /** How many of the `pairs` random review pairs are less similar than `value`. */
  countBelow(value: number): number;
}

export interface SimilarityBaseline {
  of(collection: string, model: string): Promise<Baseline>;
}

/**
 * How similar two reviews of a collection are when picked at random: all
 * pairs of a seeded sample of 200 reviews. It gives "0.6" a meaning for this
 * model and corpus. Kept per collection until its point count changes.
 */
export function similarityBaseline(store: VectorStore): SimilarityBaseline {
  const cache = new Map<string, { points: number; baseline: Promise<Baseline> }>();
  return {
    async of(collection, model) {
      const points = (await store.describeCollection(collection))?.points ?? 0;
      const key = `${collection}\u0000${model}`;
      const cached = cache.get(key);
      if (cached && cached.points === points) return cached.baseline;
      const baseline = compute(store, collection, model);
      cache.set(key, { points, baseline });
      baseline.catch(() => cache.delete(key));
      return baseline;
    },
  };
}

async function compute(store: VectorStore, collection: string, model: string): Promise<Baseline> {
  const vectors = (await sampleReviews(store, collection, model, SAMPLE, 1)).flatMap((r) => (r.vector ? [r.vector] : []));
  const similarities: number[] = [];
  for (let i = 0; i < vectors.length; i += 1) {
    for (let j = i + 1; j < vectors.length; j += 1) similarities.push(cosine(vectors[i]!, vectors[j]!));
  }
  similarities.sort((a, b) => a - b);
  const at = (q: number) => (similarities.length ? similarities[Math.min(similarities.length - 1, Math.floor(q * similarities.length))]! : 0);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    median: round(at(0.5)),
    p90: round(at(0.9)),
    pairs: similarities.length,
    countBelow(value) {
      let low = 0;
      let high = similarities.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (similarities[mid]! < value) low = mid + 1;
        else high = mid;
      }
      return low;
    },
  };
}
