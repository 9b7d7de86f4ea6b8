import * as druid from '@saehrimnir/druidjs';

export const PROJECTION_METHODS = ['pca', 'tsne', 'umap'] as const;
export type ProjectionMethod = (typeof PROJECTION_METHODS)[number];

/** Dimensions kept by PCA before t-SNE and UMAP (the usual first step: faster and less noisy). */
const PRE_REDUCE = 50;

/**
 * 2D coordinates of `vectors` by PCA, t-SNE or UMAP (DruidJS), deterministic
 * for a seed. CPU-bound: the API runs it in a worker thread.
 */
export function projectVectors(method: ProjectionMethod, vectors: number[][], seed: number): [number, number][] {
  const n = vectors.length;
  if (n === 0) return [];
  if (n < 3) return vectors.map((_, i) => [i, 0]);
  if (method === 'pca') return pairs(druid.PCA.transform(vectors, { d: 2, seed }));
  const dims = vectors[0]!.length;
  const reduced = dims > PRE_REDUCE && n > PRE_REDUCE ? druid.PCA.transform(vectors, { d: PRE_REDUCE, seed }) : vectors;
  if (method === 'tsne') {
    return pairs(druid.TSNE.transform(reduced, { d: 2, seed, perplexity: Math.max(2, Math.min(30, Math.floor((n - 1) / 3))) }));
  }
  return pairs(druid.UMAP.transform(reduced, { d: 2, seed, n_neighbors: Math.max(2, Math.min(15, n - 1)) }));
}

function pairs(rows: number[][]): [number, number][] {
  return rows.map((row) => [row[0]!, row[1]!]);
}
