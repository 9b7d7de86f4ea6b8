import { LRUCache } from 'lru-cache';
import type { Config, Embedder, TextKind } from '@review-search/shared';

export interface QueryVectorCacheStats {
  /** Lookups answered from the cache. */
  hits: number;
  /** Lookups of a cacheable text that was not there (the model embedded it). */
  misses: number;
  /** Vectors held now. */
  entries: number;
  /** Hits over lookups; 0 before the first lookup. */
  hitRate: number;
}

/**
 * Vectors of texts already embedded, by model, kind and text, the least
 * recently used dropped past `entries`. Texts longer than `maxChars` are never
 * held (nor counted). Each vector is held frozen and handed out as a copy, so
 * no caller can change what another reads.
 */
export interface QueryVectorCache {
  get(model: string, kind: TextKind, text: string): number[] | undefined;
  set(model: string, kind: TextKind, text: string, vector: readonly number[]): void;
  stats(): QueryVectorCacheStats;
}

export function queryVectorCache({ entries, maxChars }: Config['queryCache']): QueryVectorCache {
  const vectors = entries > 0 ? new LRUCache<string, readonly number[]>({ max: entries }) : undefined;
  let hits = 0;
  let misses = 0;
  const cacheable = (text: string) => vectors !== undefined && text.length <= maxChars;
  return {
    get(model, kind, text) {
      if (!cacheable(text)) return undefined;
      const vector = vectors!.get(key(model, kind, text));
      if (vector) hits += 1;
      else misses += 1;
      return vector && [...vector];
    },
    set(model, kind, text, vector) {
      if (cacheable(text)) vectors!.set(key(model, kind, text), Object.freeze([...vector]));
    },
    stats: () => ({ hits, misses, entries: vectors?.size ?? 0, hitRate: hits + misses === 0 ? 0 : hits / (hits + misses) }),
  };
}

/** Unambiguous whatever the model name or the text contains. */
function key(model: string, kind: TextKind, text: string): string {
  return JSON.stringify([model, kind, text]);
}

/**
 * `embedder` with its queries looked up in `cache` first: only the texts it
 * does not hold reach the model. Passages go straight to the model: those the
 * API embeds are mostly review sentences (summaries) that would push the
 * users' queries out.
 */
export function cachingQueries(model: string, embedder: Embedder, cache: QueryVectorCache): Embedder {
  return {
    model: embedder.model,
    dimension: embedder.dimension,
    async embed(texts, kind) {
      if (kind !== 'query') return embedder.embed(texts, kind);
      const vectors = texts.map((text) => cache.get(model, kind, text));
      const missing = texts.flatMap((text, i) => (vectors[i] ? [] : [{ text, i }]));
      if (missing.length === 0) return vectors as number[][];
      const embedded = await embedder.embed(missing.map((m) => m.text), kind);
      missing.forEach(({ text, i }, n) => {
        cache.set(model, kind, text, embedded[n]!);
        vectors[i] = embedded[n]!;
      });
      return vectors as number[][];
    },
  };
}
