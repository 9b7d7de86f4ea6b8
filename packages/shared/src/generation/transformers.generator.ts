import { errorMessage, UnavailableError } from '../errors';
import { transformersFor } from '../transformers-models';
import { chatMessages, type Generator, type GeneratorOptions } from './generator.port';

/**
 * An open model run locally by transformers.js (GPT-2 class base models, or
 * instruct models with a chat template). A Hugging Face id is downloaded once
 * into the cache; a path is loaded offline.
 */
export async function createTransformersGenerator(model: string, options: GeneratorOptions): Promise<Generator> {
  const { transformers, modelId } = transformersFor(model, options.cacheDir);
  const { AutoTokenizer, AutoModelForCausalLM, random } = transformers;
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  let causalLm: Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(modelId);
    causalLm = await AutoModelForCausalLM.from_pretrained(modelId, { dtype: 'fp32' });
  } catch (error) {
    throw new UnavailableError(`generation model '${model}' cannot be loaded: ${errorMessage(error)}`);
  }
  const contextTokens = Number((tokenizer as unknown as { model_max_length?: number }).model_max_length) || 1024;
  const instructed = Boolean((tokenizer as unknown as { chat_template?: unknown }).chat_template);
  const encode = (text: string): number[] => tokenizer.encode(text);
  return {
    model,
    contextTokens: Math.min(contextTokens, 1 << 20),
    instructed,
    countTokens: (text) => encode(text).length,
    async generate(request) {
      const text = instructed
        ? (tokenizer.apply_chat_template(
            chatMessages(request),
            { tokenize: false, add_generation_prompt: true },
          ) as string)
        : request.system
          ? `${request.system}\n\n${request.prompt}`
          : request.prompt;
      const inputs = tokenizer(text, { add_special_tokens: !instructed });
      const sample = (request.temperature ?? 0) > 0;
      if (request.seed !== undefined) random.seed(request.seed);
      const output = (await causalLm.generate({
        ...inputs,
        max_new_tokens: request.maxNewTokens,
        do_sample: sample,
        ...(sample ? { temperature: request.temperature, top_p: request.topP ?? 1 } : {}),
      })) as { tolist(): bigint[][] };
      const promptLength = (inputs.input_ids as { dims: number[] }).dims[1]!;
      const generated = output.tolist()[0]!.slice(promptLength).map(Number);
      const eos = [(causalLm as unknown as { generation_config?: { eos_token_id?: number | number[] } }).generation_config?.eos_token_id]
        .flat()
        .filter((id): id is number => typeof id === 'number');
      const ended = generated.length > 0 && eos.includes(generated[generated.length - 1]!);
      return {
        text: tokenizer.decode(generated, { skip_special_tokens: true }),
        tokens: generated.length,
        finishReason: ended || generated.length < request.maxNewTokens ? 'stop' : 'length',
      };
    },
  };
}
