import { HierarchicalClustering } from '@saehrimnir/druidjs';
import { cosine } from '../similarity.service';

/**
 * Sentences in one theme are, on average, at least this similar to each other
 * once what the retrieved sentences share is removed (cosine of embeddings
 * minus their common centre, where unrelated sentences sit near 0). Measured
 * with use-lite: reviews' sentences on one aspect ("stay in tune for weeks",
 * "hold their tuning through a gig") sit at 0.15-0.35, different aspects
 * (tuning, tone, price) below 0.1; at 0.2 paraphrases stay apart.
 */
export const THEME_SIMILARITY = 0.12;
/** Under this many sentences there are no themes to find: each sentence is its own. */
const MIN_SENTENCES_TO_GROUP = 3;

/**
 * Groups sentence embeddings into themes: agglomerative clustering with
 * average linkage (druidjs) over the cosine distance of the embeddings minus
 * `centre`, the mean embedding of every sentence the retrieved reviews hold.
 * Those sentences nearly all name the product ("these strings", "this capo"),
 * which dominates their raw embeddings and would make one theme of
 * everything; removing the centre leaves what each sentence says about it.
 * Each theme is a list of indices into `vectors`; every index is in exactly one.
 */
export function groupIntoThemes(vectors: readonly number[][], centre: readonly number[], similarity = THEME_SIMILARITY): number[][] {
  if (vectors.length < MIN_SENTENCES_TO_GROUP) return vectors.map((_, i) => [i]);
  const centred = vectors.map((v) => v.map((x, k) => x - centre[k]!));
  const distances = centred.map((a) => centred.map((b) => Math.max(0, 1 - cosine(a, b))));
  const tree = new HierarchicalClustering(distances, { linkage: 'average', metric: 'precomputed' });
  return tree.get_clusters(1 - similarity, 'distance');
}

/** The mean of `vectors`, each counted `weights[i]` times. */
export function weightedMean(vectors: readonly number[][], weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return vectors[0]!.map((_, k) => vectors.reduce((sum, v, i) => sum + weights[i]! * v[k]!, 0) / total);
}

/** Mean cosine of each member to the others of its theme (1 for a theme of one): how central it is. */
export function centrality(vectors: readonly number[][], members: readonly number[]): number[] {
  if (members.length === 1) return [1];
  return members.map((i) => {
    let sum = 0;
    for (const j of members) if (j !== i) sum += cosine(vectors[i]!, vectors[j]!);
    return sum / (members.length - 1);
  });
}
