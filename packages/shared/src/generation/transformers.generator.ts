import { errorMessage, UnavailableError } from '../errors';
import { transformersFor } from '../transformers-models';
import { chatMessages, type Generation, type GenerateRequest, type Generator, type GeneratorOptions } from './generator.port';
import { localGenerations } from './local-generations';

const DEFAULT_QUEUE_MAX = 8;

/**
 * An open model run locally by transformers.js (GPT-2 class base models, or
 * instruct models with a chat template). A Hugging Face id is downloaded once
 * into the cache; a path is loaded from its files only.
 *
 * Generations run one at a time per process with a bounded wait queue (see
 * `LocalGenerations`), and each stops at `timeoutMs` after it starts: the
 * text written so far is returned with finishReason `timeout`.
 */
export async function createTransformersGenerator(model: string, options: GeneratorOptions): Promise<Generator> {
  const { transformers, modelId, loadOptions } = transformersFor(model, options.cacheDir, options.hubUrl);
  const { AutoTokenizer, AutoModelForCausalLM, StoppingCriteria, random } = transformers;
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  let causalLm: Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(modelId, loadOptions);
    causalLm = await AutoModelForCausalLM.from_pretrained(modelId, { dtype: 'fp32', ...loadOptions });
  } catch (error) {
    throw new UnavailableError(`generation model '${model}' cannot be loaded: ${errorMessage(error)}`);
  }
  const contextTokens = Number((tokenizer as unknown as { model_max_length?: number }).model_max_length) || 1024;
  const instructed = Boolean((tokenizer as unknown as { chat_template?: unknown }).chat_template);
  const encode = (text: string): number[] => tokenizer.encode(text);

  /** Ends the generation once `deadline` (epoch ms) has passed; `reached` says whether it did. */
  class Deadline extends StoppingCriteria {
    reached = false;
    constructor(private readonly deadline: number) {
      super();
    }
    override _call(inputIds: number[][]): boolean[] {
      this.reached ||= Date.now() >= this.deadline;
      return inputIds.map(() => this.reached);
    }
  }

  async function generateNow(request: GenerateRequest): Promise<Generation> {
    const deadline = new Deadline(Date.now() + options.timeoutMs);
    const text = instructed
      ? (tokenizer.apply_chat_template(chatMessages(request), { tokenize: false, add_generation_prompt: true }) as string)
      : request.system
        ? `${request.system}\n\n${request.prompt}`
        : request.prompt;
    const inputs = tokenizer(text, { add_special_tokens: !instructed });
    const sample = (request.temperature ?? 0) > 0;
    // Process-wide state: only reproducible because generations run one at a time.
    if (request.seed !== undefined) random.seed(request.seed);
    const output = (await causalLm.generate({
      ...inputs,
      max_new_tokens: request.maxNewTokens,
      do_sample: sample,
      ...(sample ? { temperature: request.temperature, top_p: request.topP ?? 1 } : {}),
      stopping_criteria: [deadline],
    })) as { tolist(): bigint[][] };
    const promptLength = (inputs.input_ids as { dims: number[] }).dims[1]!;
    const generated = output.tolist()[0]!.slice(promptLength).map(Number);
    const eos = [(causalLm as unknown as { generation_config?: { eos_token_id?: number | number[] } }).generation_config?.eos_token_id]
      .flat()
      .filter((id): id is number => typeof id === 'number');
    const ended = generated.length > 0 && eos.includes(generated[generated.length - 1]!);
    const full = generated.length >= request.maxNewTokens;
    return {
      text: tokenizer.decode(generated, { skip_special_tokens: true }),
      tokens: generated.length,
      finishReason: ended ? 'stop' : full ? 'length' : deadline.reached ? 'timeout' : 'stop',
    };
  }

  return {
    model,
    contextTokens: Math.min(contextTokens, 1 << 20),
    instructed,
    countTokens: (text) => encode(text).length,
    generate: (request) =>
      localGenerations.run(() => generateNow(request), {
        queueMax: options.generationQueueMax ?? DEFAULT_QUEUE_MAX,
        timeoutMs: options.timeoutMs,
      }),
    dispose: () => causalLm.dispose(),
  };
}
