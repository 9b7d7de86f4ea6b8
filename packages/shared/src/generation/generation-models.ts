import { InputError } from '../errors';
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

const loaded = new Map<string, Promise<Generator>>();

/** The generator for `model`, loaded once per process (a failed load is tried again next time). */
export async function loadGenerator(model: string, options: GeneratorOptions): Promise<Generator> {
  assertGenerationModel(model, { extractive: false });
  let generator = loaded.get(model);
  if (!generator) {
    const backend = backends.find((candidate) => candidate.matches(model))!;
    generator = Promise.resolve().then(() => backend.create(model, options));
    generator.catch(() => loaded.delete(model));
    loaded.set(model, generator);
  }
  return generator;
}
