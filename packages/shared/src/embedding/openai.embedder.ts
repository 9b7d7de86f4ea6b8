import OpenAI from 'openai';
import { UnavailableError } from '../errors';
import { openAiError } from '../generation/openai.generator';
import { batched } from './batched';
import type { Embedder, EmbedderOptions } from './embedder.port';
import { normalize } from './vectors';

const BATCH = 256;

/**
 * `openai:<model>`: any OpenAI-compatible embeddings API (OpenAI's
 * text-embedding-3-small, Ollama, TEI's OpenAI route). Batched, retried with
 * backoff on 429 and 5xx.
 */
export async function createOpenAiEmbedder(model: string, options: EmbedderOptions): Promise<Embedder> {
  if (!options.openaiApiKey) {
    throw new UnavailableError(`OPENAI_API_KEY is not set: embedding model '${model}' needs it (any value for a local server)`);
  }
  const client = new OpenAI({
    apiKey: options.openaiApiKey,
    baseURL: options.openaiBaseUrl,
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: 0,
  });
  const name = model.slice('openai:'.length);
  const embedOnce = async (texts: string[]): Promise<number[][]> => {
    try {
      const response = await client.embeddings.create({ model: name, input: texts, encoding_format: 'float' });
      return [...response.data].sort((a, b) => a.index - b.index).map((d) => normalize(d.embedding));
    } catch (error) {
      throw openAiError(model, error, false);
    }
  };
  const embed = batched(BATCH, embedOnce);
  const [probe] = await embed(['dimension probe']);
  return { model, dimension: probe!.length, embed };
}
