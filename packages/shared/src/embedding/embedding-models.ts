import { InputError } from '../errors';
import type { Embedder, EmbedderOptions } from './embedder.port';
import { isLocalModelPath } from '../transformers-models';
import { createTransformersEmbedder } from './transformers.embedder';
import { createUseLiteEmbedder, USE_LITE_DIMENSION, USE_LITE_MODEL } from './use-lite.embedder';
import { checkVectors } from './vectors';

interface EmbeddingBackend {
  /** What a model string of this backend looks like, for error messages. */
  form: string;
  matches(model: string): boolean;
  create(model: string, options: EmbedderOptions): Promise<Embedder>;
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
    form: "a Hugging Face model id such as 'Xenova/all-MiniLM-L6-v2' (transformers.js)",
    matches: (model) => HF_MODEL_ID.test(model),
    create: createTransformersEmbedder,
  },
  {
    form: "a local model directory starting with '/' or '.' (transformers.js, offline)",
    matches: isLocalModelPath,
    create: createTransformersEmbedder,
  },
];

/** Dimensions known without loading the model. */
const knownDimensions: Record<string, number> = {
  [USE_LITE_MODEL]: USE_LITE_DIMENSION,
  'Xenova/all-MiniLM-L6-v2': 384,
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': 384,
  'Xenova/bge-small-en-v1.5': 384,
};

export function knownDimension(model: string): number | undefined {
  return knownDimensions[model];
}

/** Throws an input error listing the valid forms unless some backend takes `model`. */
export function assertEmbeddingModel(model: string): void {
  if (!backends.some((backend) => backend.matches(model))) {
    throw new InputError(`unknown embedding model '${model}'; valid forms: ${backends.map((b) => b.form).join(', ')}`, {
      model,
      validForms: backends.map((b) => b.form),
    });
  }
}

const loaded = new Map<string, Promise<Embedder>>();

/**
 * The embedder for `model`, loaded once per process. Every batch it returns is
 * checked (count, length, finite numbers) before anyone stores it.
 */
export async function loadEmbedder(model: string, options: EmbedderOptions): Promise<Embedder> {
  assertEmbeddingModel(model);
  let embedder = loaded.get(model);
  if (!embedder) {
    const backend = backends.find((candidate) => candidate.matches(model))!;
    embedder = backend.create(model, options).then(checked);
    embedder.catch(() => loaded.delete(model));
    loaded.set(model, embedder);
  }
  return embedder;
}

function checked(embedder: Embedder): Embedder {
  const expected = knownDimension(embedder.model);
  if (expected !== undefined && expected !== embedder.dimension) {
    throw new Error(`embedding model '${embedder.model}' produces dimension ${embedder.dimension}, expected ${expected}`);
  }
  return {
    model: embedder.model,
    dimension: embedder.dimension,
    async embed(texts) {
      const vectors = await embedder.embed(texts);
      checkVectors(embedder.model, embedder.dimension, vectors, texts.length);
      return vectors;
    },
  };
}
