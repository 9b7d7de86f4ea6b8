import type { Config } from '../config';
import { InputError } from '../errors';
import { modelNotAllowed } from '../model-not-allowed';
import { loadedModels } from '../loaded-models';
import type { Generator, GeneratorOptions } from './generator.port';
import { createHfInferenceGenerator } from './hf-inference.generator';
import { createOpenAiGenerator } from './openai.generator';
import { createTransformersGenerator } from './transformers.generator';
import { isLocalModelPath } from '../transformers-models';

/** The model-free summariser's name: it picks sentences, it does not write. */
export const EXTRACTIVE_MODEL = 'extractive';

interface GenerationBackend {
  form: string;
  matches(model: string): boolean;
  create(model: string, options: GeneratorOptions): Generator | Promise<Generator>;
}

const HF_MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

const backends: GenerationBackend[] = [
  {
    form: "'hf:<model>' (Hugging Face Inference, HF_TOKEN)",
    matches: (model) => /^hf:\S+$/.test(model),
    create: createHfInferenceGenerator,
  },
  {
    form: "'openai:<model>' (any OpenAI-compatible API: OPENAI_API_KEY, OPENAI_BASE_URL)",
    matches: (model) => /^openai:\S+$/.test(model),
    create: createOpenAiGenerator,
  },
  {
    form: "a Hugging Face model id such as 'Xenova/gpt2' (local, transformers.js)",
    matches: (model) => HF_MODEL_ID.test(model),
    create: createTransformersGenerator,
  },
  {
    form: "a local model directory starting with '/' or '.' (transformers.js, offline)",
    matches: isLocalModelPath,
    create: createTransformersGenerator,
  },
];

const EXTRACTIVE_FORM = `'${EXTRACTIVE_MODEL}' (summaries only: picks and cites sentences, offline)`;

/** Every model form, for error messages (summaries also take `extractive`). */
export function generationModelForms(withExtractive: boolean): string[] {
  return [...(withExtractive ? [EXTRACTIVE_FORM] : []), ...backends.map((b) => b.form)];
}

/** Throws an input error listing the valid forms unless `model` names a generator (or `extractive` where allowed). */
export function assertGenerationModel(model: string, options: { extractive: boolean }): void {
  if (options.extractive && model === EXTRACTIVE_MODEL) return;
  if (model === EXTRACTIVE_MODEL) {
    throw new InputError(`'${EXTRACTIVE_MODEL}' only summarises: use it with /summarize, or pick a generative model`, {
      validForms: generationModelForms(false),
    });
  }
  if (!backends.some((backend) => backend.matches(model))) {
    const forms = generationModelForms(options.extractive);
    throw new InputError(`unknown generation model '${model}'; valid forms: ${forms.join(', ')}`, { model, validForms: forms });
  }
}

/** `GENERATION_MODELS` with `GENERATION_MODEL` and `SUMMARY_MODEL` (the defaults of /generate and /summarize). */
export function allowedGenerationModels(config: Pick<Config, 'generation'>): string[] {
  const { model, summaryModel, models } = config.generation;
  return [...new Set([model, summaryModel, ...models])];
}

/**
 * Throws a 400 unless `model` is a configured generation model the route can
 * use (`extractive` only where summaries are written), listing those.
 */
export function assertConfiguredGenerationModel(model: string, config: Pick<Config, 'generation'>, options: { extractive: boolean }): void {
  if (model === EXTRACTIVE_MODEL && !options.extractive) assertGenerationModel(model, options);
  const allowed = allowedGenerationModels(config).filter((name) => options.extractive || name !== EXTRACTIVE_MODEL);
  if (!allowed.includes(model)) throw modelNotAllowed('generation', model, allowed);
}

/**
 * The generator for `model`. The model is kept among the process's loaded
 * models (`MODELS_MAX_LOADED`, least recently used unloaded first, never under
 * a running generation) and loaded again when next used; a failed load is
 * tried again next time.
 */
export async function loadGenerator(model: string, options: GeneratorOptions): Promise<Generator> {
  assertGenerationModel(model, { extractive: false });
  if (options.maxLoaded) loadedModels.maxLoaded = options.maxLoaded;
  const key = `generation:${model}`;
  const backend = backends.find((candidate) => candidate.matches(model))!;
  const load = async () => backend.create(model, options);
  // Its tokenizer and settings stay usable after an unload: only the ONNX session is freed.
  const first = await loadedModels.use(key, load, async (generator) => generator);
  return {
    model,
    contextTokens: first.contextTokens,
    instructed: first.instructed,
    countTokens: (text) => first.countTokens(text),
    generate: (request) => loadedModels.use(key, load, (generator) => generator.generate(request)),
  };
}
