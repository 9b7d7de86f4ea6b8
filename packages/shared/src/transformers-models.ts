import path from 'node:path';

export type Transformers = typeof import('@huggingface/transformers');

/** A local model directory rather than a Hugging Face model id. */
export function isLocalModelPath(model: string): boolean {
  return model.startsWith('.') || path.isAbsolute(model);
}

/** Options of one load: where downloads are cached, and whether only local files may be read. */
export interface TransformersLoadOptions {
  cache_dir: string;
  local_files_only: boolean;
}

/**
 * Loads transformers.js on demand (ONNX Runtime is heavy, and only these
 * backends need it) and returns the id to load `model` by, with the options of
 * that one load: a Hugging Face id as it is (downloaded once into `cacheDir`,
 * from `hubUrl`, huggingface.co or a mirror of it; the library's default cache
 * folder is set to it too;
 * the library reads `HF_TOKEN` itself), a local directory by its absolute path
 * with `local_files_only`. Nothing else is set on the library's global `env`,
 * so a local load never turns downloads off for a later hub load, nor the reverse.
 */
export function transformersFor(
  model: string,
  cacheDir: string,
  hubUrl?: string,
): { transformers: Transformers; modelId: string; loadOptions: TransformersLoadOptions } {
  const transformers = require('@huggingface/transformers') as Transformers;
  // The one global: where ids are downloaded from (`MODEL_HUB_URL`), the same for every load of a process.
  if (hubUrl) transformers.env.remoteHost = hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`;
  // transformers.js 4.3 asks whether a model has a tokenizer_config.json in its own default cache folder
  // (get_tokenizer_files drops the load's cache_dir), else on the hub: the same folder, or a model
  // downloaded ahead of time fails to load on a host without the hub.
  transformers.env.cacheDir = cacheDir;
  if (!isLocalModelPath(model)) return { transformers, modelId: model, loadOptions: { cache_dir: cacheDir, local_files_only: false } };
  // An absolute path is not a hub id to transformers.js: it reads the files from that directory as they are.
  return { transformers, modelId: path.resolve(model), loadOptions: { cache_dir: cacheDir, local_files_only: true } };
}

/** The host transformers.js downloads Hugging Face ids from (huggingface.co unless changed). */
export function hubHost(): string {
  const { env } = require('@huggingface/transformers') as Transformers;
  try {
    return new URL(env.remoteHost).host;
  } catch {
    return String(env.remoteHost);
  }
}
