import type { z } from 'zod';
import { InputError, NotFoundError, type VectorStore } from '@review-search/shared';
import type { CollectionModels } from './collection-models';
import type { SimilarityBaseline } from './similarity-baseline';
import type { similarityAnswer } from './answers/similarity';

export type SimilaritySide = { id: string } | { text: string };

/** What the cosine similarity of two sentence embeddings means, in plain words. */
export const SIMILARITY_SCALE = {
  near1:
    'Near 1: the two vectors point the same way. The texts say the same thing, often in other words; 1 is the same text.',
  near0:
    'Near 0: the vectors are orthogonal. The model finds no shared meaning: different topics. It does not mean opposite opinions.',
  negative:
    'Below 0: the vectors point away from each other. Rare for sentence embeddings, and not a sign of opposite sentiment either: "great strings" and "terrible strings" are still close, because they share a topic.',
};

const BANDS: [number, string][] = [
  [0.9, 'near-identical in meaning'],
  [0.7, 'very similar'],
  [0.5, 'related: the same topic'],
  [0.3, 'loosely related'],
  [-0.1, 'unrelated'],
  [-1.01, 'dissimilar: pointing away from each other'],
];

export async function compareTexts(
  deps: { store: VectorStore; models: CollectionModels; baseline: SimilarityBaseline },
  name: string,
  a: SimilaritySide,
  b: SimilaritySide,
): Promise<z.output<typeof similarityAnswer>> {
  const { collection, model } = await deps.models.resolve(name);
  const [left, right] = await Promise.all([resolveSide(deps, collection, model, a), resolveSide(deps, collection, model, b)]);
  const similarity = cosine(left.vector, right.vector);
  const baseline = await deps.baseline.of(collection, model);
  const band = BANDS.find(([floor]) => similarity >= floor)![1];
  const below = baseline.countBelow(similarity);
  const percentile = baseline.pairs ? (100 * below) / baseline.pairs : 0;
  return {
    similarity: Math.round(similarity * 1e6) / 1e6,
    reading:
      `${similarity.toFixed(3)}: ${band}. ` +
      (baseline.pairs === 0
        ? `'${name}' has too few reviews for random pairs to compare with.`
        : `${rankAmongPairs(below, baseline.pairs)} of reviews in '${name}' (their median is ${baseline.median.toFixed(3)}), so for this model ` +
          (percentile >= 90 ? 'a notably close pair.' : percentile >= 50 ? 'closer than usual, but not remarkable.' : 'no closer than two reviews picked at random.')),
    scale: SIMILARITY_SCALE,
    baseline: { median: baseline.median, p90: baseline.p90, pairs: baseline.pairs },
    model,
    a: { id: left.id, text: left.text },
    b: { id: right.id, text: right.text },
  };
}

/**
 * Where a pair stands among the baseline's random pairs, in words that never
 * round to a claim the count does not make: no "100%" unless it beats every
 * pair, no "0%" for a pair that beats some. `below` of `pairs` are less similar.
 */
export function rankAmongPairs(below: number, pairs: number): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const random = (n: number) => `${count(n)} random ${n === 1 ? 'pair' : 'pairs'}`;
  if (below >= pairs) return `Higher than every one of the ${random(pairs)}`;
  if (below === 0) return `No higher than any of the ${random(pairs)}`;
  const percent = Math.round((1000 * below) / pairs) / 10;
  if (percent >= 100) return `Higher than all but ${count(pairs - below)} of the ${random(pairs)}`;
  if (percent <= 0) return `Higher than only ${count(below)} of the ${random(pairs)}`;
  return `Higher than ${percent}% of the ${random(pairs)}`;
}

async function resolveSide(
  deps: { store: VectorStore; models: CollectionModels },
  collection: string,
  model: string,
  side: SimilaritySide,
): Promise<{ id: string | null; text: string; vector: number[] }> {
  if ('id' in side) {
    const [stored] = await deps.store.getReviews(collection, [side.id], { withVector: model });
    if (!stored) throw new NotFoundError(`no review '${side.id}' in collection '${collection}'`);
    if (!stored.vector) throw new InputError(`review '${side.id}' has no '${model}' vector`);
    return { id: stored.id, text: stored.review.reviewText, vector: stored.vector };
  }
  const embedder = await deps.models.embedder(model);
  const [vector] = await embedder.embed([side.text]);
  return { id: null, text: side.text, vector: vector! };
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
