import path from 'node:path';

export type Transformers = typeof import('@huggingface/transformers');

/** A local model directory rather than a Hugging Face model id. */
export function isLocalModelPath(model: string): boolean {
  return model.startsWith('.') || path.isAbsolute(model);
}

/**
 * Loads transformers.js on demand (ONNX Runtime is heavy, and only these
 * backends need it), points its cache at `cacheDir`, and returns the id to load
 * `model` by: a Hugging Face id as it is (downloaded once; the library reads
 * `HF_TOKEN` itself), a local directory by its name with downloads turned off.
 */
export function transformersFor(model: string, cacheDir: string): { transformers: Transformers; modelId: string } {
  const transformers = require('@huggingface/transformers') as Transformers;
  const { env } = transformers;
  env.cacheDir = cacheDir;
  if (!isLocalModelPath(model)) return { transformers, modelId: model };
  const directory = path.resolve(model);
  env.localModelPath = path.dirname(directory) + path.sep;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  return { transformers, modelId: path.basename(directory) };
}
