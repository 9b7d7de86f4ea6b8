import os from 'node:os';
import path from 'node:path';
import { DEFAULT_EMBEDDING_MODEL } from '../config';
import { loadEmbedder } from './embedding-models';

export interface GetEmbeddingOptions {
  /** Any model string the registry takes; default `EMBEDDING_MODEL` or all-MiniLM-L6-v2. */
  model?: string;
  /** Where downloaded models are kept; default `MODEL_CACHE_DIR` or a folder in the home directory. */
  cacheDir?: string;
}

/**
 * The exercise's `get_embedding(text)`: one text in, one unit-length vector out.
 *
 *     const vector = await getEmbedding('buen sonido de guitarra', { model: 'use-lite' });
 */
export async function getEmbedding(text: string, options: GetEmbeddingOptions = {}): Promise<number[]> {
  const model = options.model ?? process.env.EMBEDDING_MODEL ?? DEFAULT_EMBEDDING_MODEL;
  const cacheDir =
    options.cacheDir ?? process.env.MODEL_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'review-search', 'models');
  const embedder = await loadEmbedder(model, { cacheDir });
  const [vector] = await embedder.embed([text]);
  return vector!;
}
