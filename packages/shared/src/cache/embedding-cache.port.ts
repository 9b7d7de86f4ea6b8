/** Vectors already computed, by model and text, so unchanged texts are never embedded twice. */
export interface EmbeddingCache {
  /** The cached vector of each text, or undefined, in order. */
  get(model: string, texts: readonly string[]): Promise<(number[] | undefined)[]>;
  set(model: string, entries: readonly { text: string; vector: number[] }[]): Promise<void>;
}

export interface EmbeddingCacheStats {
  /** Vectors held. */
  entries: number;
  /** What they are counted to take in Redis (vectors, keys and the overhead per entry). */
  bytes: number;
  /** The bound past which the oldest written are dropped. */
  maxBytes: number;
}
