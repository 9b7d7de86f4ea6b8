import type { EmbeddingDtype } from './embedding-dtypes';

/** What a text is to the model: some models embed queries and passages with different prefixes. */
export type TextKind = 'query' | 'passage';

/** Turns review texts into vectors. One adapter per backend, chosen by the registry. */
export interface Embedder {
  /** The model string this embedder was built from (`use-lite`, `Xenova/all-MiniLM-L6-v2`, `openai:...`, a path). */
  readonly model: string;
  /** Length of every vector it returns. */
  readonly dimension: number;
  /** Tokens it reads of a text, special tokens included; the rest is cut (see README, "Long reviews"). Unset: the whole text, or unknown. */
  readonly maxTokens?: number;
  /** What its vectors depend on beside the model string (weights dtype, window), e.g. `fp32, 256 tokens`: the embedding cache keeps each apart. */
  readonly variant?: string;
  /** One unit-length vector per text, in order. Texts are passages unless `kind` says they are queries. */
  embed(texts: readonly string[], kind?: TextKind): Promise<number[][]>;
  /** Frees what the model holds (ONNX session, weights); the registry calls it when it unloads the model. */
  dispose?(): unknown;
}

export interface EmbedderOptions {
  /** Where downloaded model files are kept. */
  cacheDir: string;
  /** Where transformers.js downloads Hugging Face ids from (`MODEL_HUB_URL`); default huggingface.co. */
  hubUrl?: string;
  /** Remote embedders (`hf:`, `openai:`). */
  hfToken?: string;
  hfProvider?: string;
  hfEndpointUrl?: string;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  timeoutMs?: number;
  /** Models kept loaded by this process (`MODELS_MAX_LOADED`); the least recently used are unloaded past it. */
  maxLoaded?: number;
  /** Weights of transformers.js models (`EMBEDDING_DTYPE`); default fp32. */
  dtype?: EmbeddingDtype;
  /** Intra-op threads of each transformers.js model's ONNX Runtime session (`EMBEDDING_THREADS`); unset: ONNX Runtime's default (every core). */
  threads?: number;
}
