import type { DenseQuery, SparseQuery } from './hybrid-search';

/** The sparse search of a query text: Qdrant's BM25 reads its words with the build's recorded options. */
export function sparseQuery(text: string): SparseQuery {
  return { mode: 'sparse', text };
}

export function denseQuery(vector: number[]): DenseQuery {
  return { mode: 'dense', vector };
}
