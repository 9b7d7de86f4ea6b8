/**
 * The lexical side of hybrid search: BM25 term weights as a sparse vector.
 * The document side carries BM25's saturated term frequency; Qdrant applies
 * the inverse document frequency itself (sparse vector `modifier: idf`), so
 * the weights stay right as the collection grows.
 */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** BM25's usual constants; the average length is that of this corpus's reviews (in kept terms). */
const K1 = 1.2;
const B = 0.75;
const AVERAGE_TERMS = 40;

const STOPWORDS = new Set(
  ('a an and are as at be but by for from had has have he her his i if in into is it its me my no not of on or our ' +
    'she so than that the their them then there these they this to too was we were what when which who will with you your').split(' '),
);

const TERM = /[\p{L}\p{N}]+/gu;

/** Lower-cased words of letters and digits, stopwords out. */
export function terms(text: string): string[] {
  return ((text.toLowerCase().match(TERM) ?? []) as string[]).filter((term) => !STOPWORDS.has(term));
}

/** A document's sparse vector: each distinct term with its saturated, length-normalised frequency. */
export function documentTerms(text: string): SparseVector {
  const list = terms(text);
  const counts = new Map<number, number>();
  for (const term of list) counts.set(termIndex(term), (counts.get(termIndex(term)) ?? 0) + 1);
  const norm = K1 * (1 - B + (B * list.length) / AVERAGE_TERMS);
  const indices = [...counts.keys()];
  return { indices, values: indices.map((i) => (counts.get(i)! * (K1 + 1)) / (counts.get(i)! + norm)) };
}

/** A query's sparse vector: each distinct term once (IDF comes from the collection). */
export function queryTerms(text: string): SparseVector {
  const indices = [...new Set(terms(text).map(termIndex))];
  return { indices, values: indices.map(() => 1) };
}

/** A term's index: its 32-bit FNV-1a hash (collisions among a corpus's terms are negligible). */
export function termIndex(term: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(term, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
