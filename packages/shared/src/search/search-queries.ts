import { queryTerms } from '../lexical/bm25-terms';
import type { DenseQuery, SparseQuery } from './hybrid-search';

/** The sparse search of a query text (the one place that knows how a query becomes terms). */
export function sparseQuery(text: string): SparseQuery {
  return { mode: 'sparse', terms: queryTerms(text) };
}

export function denseQuery(vector: number[]): DenseQuery {
  return { mode: 'dense', vector };
}
