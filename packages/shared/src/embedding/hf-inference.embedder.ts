import { InferenceClient } from '@huggingface/inference';
import { UnavailableError } from '../errors';
import { hfError } from '../generation/hf-inference.generator';
import { withRetries } from '../retry';
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
    let retryAfter: number | undefined;
    const signal = AbortSignal.timeout(options.timeoutMs ?? 60_000);
    const client = new InferenceClient(options.hfToken, {
      ...(options.hfEndpointUrl ? { endpointUrl: options.hfEndpointUrl } : {}),
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const header = Number(response.headers.get('retry-after'));
        if (Number.isFinite(header) && header >= 0) retryAfter = header;
        return response;
      },
    });
    try {
      const call = options.hfEndpointUrl ? { model: name } : { model: name, provider: (options.hfProvider ?? 'auto') as 'auto' };
      const output = (await client.featureExtraction({ ...call, inputs: texts }, { signal })) as unknown;
      const rows = Array.isArray(output) && Array.isArray(output[0]) ? (output as number[][]) : [output as number[]];
      return rows.map((row) => normalize(row.map(Number)));
    } catch (error) {
      throw hfError(model, error, signal.aborted, retryAfter);
    }
  };
  const embed = async (texts: readonly string[]): Promise<number[][]> => {
    const out: number[][] = [];
    for (let start = 0; start < texts.length; start += BATCH) {
      out.push(...(await withRetries(() => embedOnce(texts.slice(start, start + BATCH)))));
    }
    return out;
  };
  const [probe] = await embed(['dimension probe']);
  return { model, dimension: probe!.length, embed };
}
