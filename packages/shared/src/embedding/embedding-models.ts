import type { Config } from '../config';
import { InputError } from '../errors';
import { modelNotAllowed } from '../model-not-allowed';
import { loadedModels } from '../loaded-models';
import { hubHost, isLocalModelPath } from '../transformers-models';
import type { Embedder, EmbedderOptions, TextKind } from './embedder.port';
import { createHfInferenceEmbedder } from './hf-inference.embedder';
import { createOpenAiEmbedder } from './openai.embedder';
import { createTransformersEmbedder } from './transformers.embedder';
import { createUseLiteEmbedder, USE_LITE_DIMENSION, USE_LITE_MODEL } from './use-lite.embedder';
import { modelUnavailable } from './model-unavailable';
import { checkVectors } from './vectors';

/** What the registry knows about a model before loading it. */
export interface EmbeddingModelSpec {
  dimension?: number;
  /** Tokens the model reads, special tokens included, as its sentence-transformers authors run it; longer texts are truncated at this window (see README, "Long reviews"). */
  maxTokens?: number;
  /** Put before a query (e5's "query: ", bge's retrieval instruction). */
  queryPrefix?: string;
  /** Put before a stored text (e5's "passage: "). */
  passagePrefix?: string;
}

export const EMBEDDING_MODELS: Record<string, EmbeddingModelSpec> = {
  [USE_LITE_MODEL]: { dimension: USE_LITE_DIMENSION },
  'Xenova/all-MiniLM-L6-v2': { dimension: 384, maxTokens: 256 },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': { dimension: 384, maxTokens: 128 },
  'Xenova/bge-small-en-v1.5': {
    dimension: 384,
    maxTokens: 512,
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
  },
  'Xenova/multilingual-e5-small': { dimension: 384, maxTokens: 512, queryPrefix: 'query: ', passagePrefix: 'passage: ' },
  'openai:text-embedding-3-small': { dimension: 1536, maxTokens: 8191 },
  'openai:text-embedding-3-large': { dimension: 3072, maxTokens: 8191 },
};

interface EmbeddingBackend {
  /** What a model string of this backend looks like, for error messages. */
  form: string;
  matches(model: string): boolean;
  create(model: string, options: EmbedderOptions): Promise<Embedder>;
  /** Where the model is downloaded from, named when it cannot be. */
  downloadHost?(): string;
}

const HF_MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** The registry: the first backend whose form matches the model string builds it. */
const backends: EmbeddingBackend[] = [
  {
    form: `'${USE_LITE_MODEL}' (Universal Sentence Encoder lite, offline)`,
    matches: (model) => model === USE_LITE_MODEL,
    create: () => createUseLiteEmbedder(),
  },
  {
    form: "'hf:<model>' (Hugging Face Inference feature extraction, HF_TOKEN)",
    matches: (model) => /^hf:\S+$/.test(model),
    create: createHfInferenceEmbedder,
  },
  {
    form: "'openai:<model>' (any OpenAI-compatible embeddings API: OPENAI_API_KEY, OPENAI_BASE_URL)",
    matches: (model) => /^openai:\S+$/.test(model),
    create: createOpenAiEmbedder,
  },
  {
    form: "a Hugging Face model id such as 'Xenova/all-MiniLM-L6-v2' (transformers.js)",
    matches: (model) => HF_MODEL_ID.test(model),
    create: (model, options) => createTransformersEmbedder(model, options, EMBEDDING_MODELS[model]?.maxTokens),
    downloadHost: hubHost,
  },
  {
    form: "a local model directory starting with '/' or '.' (transformers.js, offline)",
    matches: isLocalModelPath,
    create: createTransformersEmbedder,
  },
];

/** Whether `model`'s files are downloaded (from huggingface.co or `MODEL_HUB_URL`) and kept in the model cache. */
export function isDownloadedModel(model: string): boolean {
  return backends.find((backend) => backend.matches(model))?.downloadHost !== undefined;
}

/** Dimensions known without loading the model. */
export function knownDimension(model: string): number | undefined {
  return EMBEDDING_MODELS[model]?.dimension;
}

/** `EMBEDDING_MODELS` with `EMBEDDING_MODEL` (the default of ingests): the models a request may name. */
export function allowedEmbeddingModels(config: Pick<Config, 'embeddingModel' | 'embeddingModels'>): string[] {
  return [...new Set([config.embeddingModel, ...config.embeddingModels])];
}

/**
 * Throws an input error listing the valid forms unless some backend takes
 * `model`; with `config` (a model named by a request), also unless it is one of
 * the configured models, listing those (names only).
 */
export function assertEmbeddingModel(model: string, config?: Pick<Config, 'embeddingModel' | 'embeddingModels'>): void {
  if (config) {
    const allowed = allowedEmbeddingModels(config);
    if (!allowed.includes(model)) throw modelNotAllowed('embedding', model, allowed);
  }
  if (!backends.some((backend) => backend.matches(model))) {
    throw new InputError(`unknown embedding model '${model}'; valid forms: ${backends.map((b) => b.form).join(', ')}`, {
      model,
      validForms: backends.map((b) => b.form),
    });
  }
}

/**
 * The embedder for `model`. The model is loaded once and kept among the
 * process's loaded models (`MODELS_MAX_LOADED`, least recently used unloaded
 * first); every `embed` uses it through that list, so an unloaded model is
 * loaded again when next used, and one is never disposed under a running
 * call. It adds the model's query or passage prefix, and checks every batch it
 * returns (count, length, finite numbers) before anyone stores it.
 */
export async function loadEmbedder(model: string, options: EmbedderOptions): Promise<Embedder> {
  assertEmbeddingModel(model);
  if (options.maxLoaded) loadedModels.maxLoaded = options.maxLoaded;
  // The weights file is part of what is loaded: the same model in another dtype is another session.
  const key = `embedding:${model}:${options.dtype ?? 'fp32'}`;
  const backend = backends.find((candidate) => candidate.matches(model))!;
  const load = () =>
    backend.create(model, options).then(
      (created) => withModelSpec(created, EMBEDDING_MODELS[model] ?? {}),
      (error: unknown) => {
        throw modelUnavailable(model, error, backend.downloadHost?.());
      },
    );
  const { dimension, maxTokens, variant } = await loadedModels.use(key, load, async (embedder) => ({
    dimension: embedder.dimension,
    maxTokens: embedder.maxTokens,
    variant: embedder.variant,
  }));
  return {
    model,
    dimension,
    maxTokens,
    variant,
    embed: (texts, kind) => loadedModels.use(key, load, (embedder) => embedder.embed(texts, kind)),
  };
}

/** Adds the model's query or passage prefix and checks what comes back. */
export function withModelSpec(embedder: Embedder, spec: EmbeddingModelSpec): Embedder {
  if (spec.dimension !== undefined && spec.dimension !== embedder.dimension) {
    throw new Error(`embedding model '${embedder.model}' produces dimension ${embedder.dimension}, expected ${spec.dimension}`);
  }
  const prefix = (kind: TextKind) => (kind === 'query' ? spec.queryPrefix : spec.passagePrefix) ?? '';
  return {
    model: embedder.model,
    dimension: embedder.dimension,
    maxTokens: embedder.maxTokens ?? spec.maxTokens,
    variant: embedder.variant,
    async embed(texts, kind = 'passage') {
      const vectors = await embedder.embed(texts.map((text) => prefix(kind) + text));
      checkVectors(embedder.model, embedder.dimension, vectors, texts.length);
      return vectors;
    },
    dispose: () => embedder.dispose?.(),
  };
}
