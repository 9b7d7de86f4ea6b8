/** Turns review texts into vectors. One adapter per backend, chosen by the registry. */
export interface Embedder {
  /** The model string this embedder was built from (`use-lite`, `Xenova/all-MiniLM-L6-v2`, a path). */
  readonly model: string;
  /** Length of every vector it returns. */
  readonly dimension: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

export interface EmbedderOptions {
  /** Where downloaded model files are kept. */
  cacheDir: string;
}
