import { errorMessage } from '../errors';
import { isLocalModelPath, transformersFor, type Transformers } from '../transformers-models';
import { embeddingModelFile, type EmbeddingDtype } from './embedding-dtypes';
import type { Embedder, EmbedderOptions } from './embedder.port';
import { ModelUnavailableError } from './model-unavailable';
import { modelWindow } from './model-window';
import { windowEncoder } from './window-encoding';

/**
 * A sentence-transformers model run locally by transformers.js on ONNX Runtime:
 * tokenizer (cut at the model's window, special tokens kept) -> model -> mean
 * pooling -> unit length.
 *
 * `model` is a Hugging Face model id (downloaded once into `cacheDir`; the
 * library reads `HF_TOKEN` from the environment for gated models) or the path
 * of a local model directory (`config.json`, `tokenizer.json`, `onnx/model.onnx`),
 * which is loaded from its files only. `options.dtype` picks the weights file
 * (`onnx/model_quantized.onnx` for q8), `options.threads` the intra-op threads
 * of its ONNX Runtime session. `registryTokens` is the registry's window for the
 * model. `dispose` frees its ONNX session.
 */
export async function createTransformersEmbedder(model: string, options: EmbedderOptions, registryTokens?: number): Promise<Embedder> {
  const { transformers, modelId, loadOptions } = transformersFor(model, options.cacheDir, options.hubUrl);
  const dtype = options.dtype ?? 'fp32';
  // The model first: a directory without config.json is named as such, where the tokenizer would fail obscurely.
  const encoder = await loadEncoder(transformers, model, modelId, { ...loadOptions, dtype, threads: options.threads });
  const tokenizer = await transformers.AutoTokenizer.from_pretrained(modelId, loadOptions);
  const window = modelWindow({
    registryTokens,
    directory: isLocalModelPath(model) ? modelId : undefined,
    tokenizerLimit: Number(tokenizer.model_max_length) || Infinity,
  });
  const encode = windowEncoder(tokenizer, window, transformers.Tensor);
  const embed = async (texts: readonly string[]): Promise<number[][]> => {
    if (texts.length === 0) return [];
    const inputs = encode([...texts]);
    const outputs = await encoder(inputs);
    const tokens = outputs.last_hidden_state ?? outputs.token_embeddings;
    return transformers.mean_pooling(tokens, inputs.attention_mask).normalize(2, -1).tolist() as number[][];
  };
  const [probe] = await embed(['dimension probe']);
  return {
    model,
    dimension: probe!.length,
    maxTokens: Number.isFinite(window) ? window : undefined,
    variant: `${dtype}, ${window} tokens`,
    embed,
    dispose: () => encoder.dispose(),
  };
}

/** The model's ONNX session; a missing weights file for the dtype is named with the dtype. */
async function loadEncoder(
  transformers: Transformers,
  model: string,
  modelId: string,
  load: ReturnType<typeof transformersFor>['loadOptions'] & { dtype: EmbeddingDtype; threads?: number },
) {
  const { dtype, threads, ...files } = load;
  const session_options = threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {};
  try {
    return await transformers.AutoModel.from_pretrained(modelId, { ...files, dtype, session_options });
  } catch (error) {
    const file = embeddingModelFile(dtype);
    if (!(error instanceof transformers.ModelFileNotFoundError) || !errorMessage(error).includes(file)) throw error;
    throw new ModelUnavailableError(
      `embedding model '${model}' has no ${file}, the weights of EMBEDDING_DTYPE=${dtype}: choose a dtype the model ships, or add the file`,
      { model, dtype, file },
      { cause: error },
    );
  }
}
