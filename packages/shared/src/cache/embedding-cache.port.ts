/** Vectors already computed, by model and text, so unchanged texts are never embedded twice. */
export interface EmbeddingCache {
  /** The cached vector of each text, or undefined, in order. */
  get(model: string, texts: readonly string[]): Promise<(number[] | undefined)[]>;
  set(model: string, entries: readonly { text: string; vector: number[] }[]): Promise<void>;
}
