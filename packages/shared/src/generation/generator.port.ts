/** Writes text. One adapter per backend, chosen by the registry from a model string. */
export interface Generator {
  /** The model string it was built from (`Xenova/gpt2`, `hf:...`, `openai:...`, a path). */
  readonly model: string;
  /** Tokens of context it takes (prompt + new tokens), for sizing prompts. */
  readonly contextTokens: number;
  /** Whether it follows instructions (chat/instruct) rather than continuing text. */
  readonly instructed: boolean;
  generate(request: GenerateRequest): Promise<Generation>;
  /** Tokens `text` takes for this model (estimated where the tokenizer is remote). */
  countTokens(text: string): number;
  /** Frees what the model holds (ONNX session); the registry calls it when it unloads the model. */
  dispose?(): unknown;
}

export interface GenerateRequest {
  /** The text to continue, or the user's message for an instructed model. */
  prompt: string;
  /** An instruction: the system message of a chat model, prepended for a base model. */
  system?: string;
  maxNewTokens: number;
  /** 0 = greedy. */
  temperature?: number;
  topP?: number;
  seed?: number;
}

export interface Generation {
  text: string;
  /** New tokens produced. */
  tokens: number;
  /**
   * `length`: stopped at maxNewTokens; `stop`: the model ended; `timeout`: a
   * local generation reached `GENERATION_TIMEOUT_MS` and returns what it wrote.
   */
  finishReason: 'length' | 'stop' | 'timeout';
}

export interface GeneratorOptions {
  cacheDir: string;
  /** Where transformers.js downloads Hugging Face ids from (`MODEL_HUB_URL`); default huggingface.co. */
  hubUrl?: string;
  hfToken?: string;
  hfProvider: string;
  hfEndpointUrl?: string;
  openaiApiKey?: string;
  openaiBaseUrl: string;
  timeoutMs: number;
  /** Models kept loaded by this process (`MODELS_MAX_LOADED`). */
  maxLoaded?: number;
  /** Local generations that may wait behind the running one (`GENERATION_QUEUE_MAX`); default 8. */
  generationQueueMax?: number;
}

/** The request as chat messages: the instruction as system message, then the prompt. */
export function chatMessages(request: GenerateRequest): { role: 'system' | 'user'; content: string }[] {
  return [...(request.system ? [{ role: 'system' as const, content: request.system }] : []), { role: 'user' as const, content: request.prompt }];
}
