import { transformersFor } from '../transformers-models';
import type { Embedder, EmbedderOptions } from './embedder.port';

/**
 * A sentence-transformers model run locally by transformers.js on ONNX Runtime:
 * tokenizer -> model -> mean pooling -> unit length.
 *
 * `model` is a Hugging Face model id (downloaded once into `cacheDir`; the
 * library reads `HF_TOKEN` from the environment for gated models) or the path
 * of a local model directory (`config.json`, `tokenizer.json`, `onnx/model.onnx`),
 * which is loaded from its files only. `dispose` frees its ONNX session.
 */
export async function createTransformersEmbedder(model: string, options: EmbedderOptions): Promise<Embedder> {
  const { transformers, modelId, loadOptions } = transformersFor(model, options.cacheDir);
  const extractor = await transformers.pipeline('feature-extraction', modelId, { dtype: 'fp32', ...loadOptions });
  const embed = async (texts: readonly string[]): Promise<number[][]> => {
    if (texts.length === 0) return [];
    const output = await extractor([...texts], { pooling: 'mean', normalize: true });
    return output.tolist() as number[][];
  };
  const [probe] = await embed(['dimension probe']);
  return { model, dimension: probe!.length, embed, dispose: () => extractor.dispose() };
}

