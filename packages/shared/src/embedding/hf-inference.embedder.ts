import { UnavailableError } from '../errors';
import { hfError } from '../generation/hf-inference.generator';
import { hfCall } from '../generation/hf-client';
import { batched } from './batched';
import type { Embedder, EmbedderOptions } from './embedder.port';
import { normalize } from './vectors';

const BATCH = 64;

/**
 * `hf:<model>`: feature extraction on Hugging Face Inference (`HF_TOKEN`;
 * `HF_PROVIDER`, or `HF_ENDPOINT_URL` for a dedicated or TEI endpoint). Batched,
 * retried with backoff on 429 and 5xx.
 */
export async function createHfInferenceEmbedder(model: string, options: EmbedderOptions): Promise<Embedder> {
  if (!options.hfToken) throw new UnavailableError(`HF_TOKEN is not set: embedding model '${model}' needs a Hugging Face token`);
  const name = model.slice('hf:'.length);
  const embedOnce = async (texts: string[]): Promise<number[][]> => {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 60_000);
    const { client, target, retryAfter } = hfCall(name, options);
    try {
      const output = (await client.featureExtraction({ ...target, inputs: texts }, { signal })) as unknown;
      const rows = Array.isArray(output) && Array.isArray(output[0]) ? (output as number[][]) : [output as number[]];
      return rows.map((row) => normalize(row.map(Number)));
    } catch (error) {
      throw hfError(model, error, signal.aborted, retryAfter());
    }
  };
  const embed = batched(BATCH, embedOnce);
  const [probe] = await embed(['dimension probe']);
  return { model, dimension: probe!.length, embed };
}
