import { InferenceClientProviderApiError } from '@huggingface/inference';
import { hfCall } from './hf-client';
import { UnavailableError, errorMessage, RateLimitedError, UpstreamError, UpstreamTimeoutError } from '../errors';
import { chatMessages, type Generation, type Generator, type GeneratorOptions } from './generator.port';
import { firstLine, isTimeout } from './provider-errors';
import { estimateTokens } from './token-estimate';

/** Instruct or chat models answer chat completions; others continue text. */
const INSTRUCTED = /instruct|chat|-it\b|qwen|llama-3|mistral|gemma/i;

/**
 * `hf:<model>`: Hugging Face Inference through `@huggingface/inference`, with
 * `HF_TOKEN`; `HF_PROVIDER` picks the provider, `HF_ENDPOINT_URL` a dedicated
 * endpoint (TGI-compatible).
 */
export function createHfInferenceGenerator(model: string, options: GeneratorOptions): Generator {
  const name = model.slice('hf:'.length);
  if (!options.hfToken) throw new UnavailableError(`HF_TOKEN is not set: model '${model}' needs a Hugging Face token`);
  const instructed = INSTRUCTED.test(name);
  return {
    model,
    contextTokens: 8192,
    instructed,
    countTokens: estimateTokens,
    async generate(request): Promise<Generation> {
      const { client, target: call, retryAfter } = hfCall(name, options);
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        if (instructed) {
          const out = await client.chatCompletion(
            {
              ...call,
              messages: chatMessages(request),
              max_tokens: request.maxNewTokens,
              temperature: request.temperature ?? 0,
              top_p: request.topP,
              seed: request.seed,
            },
            { signal },
          );
          const choice = out.choices[0];
          const text = choice?.message?.content;
          if (typeof text !== 'string') throw new UpstreamError(`${model} answered without a message`);
          return {
            text,
            tokens: out.usage?.completion_tokens ?? estimateTokens(text),
            finishReason: choice!.finish_reason === 'length' ? 'length' : 'stop',
          };
        }
        const out = await client.textGeneration(
          {
            ...call,
            inputs: request.system ? `${request.system}\n\n${request.prompt}` : request.prompt,
            parameters: {
              max_new_tokens: request.maxNewTokens,
              return_full_text: false,
              ...((request.temperature ?? 0) > 0 ? { do_sample: true, temperature: request.temperature, top_p: request.topP } : { do_sample: false }),
              seed: request.seed,
            },
          },
          { signal },
        );
        const details = (out as { details?: { generated_tokens?: number; finish_reason?: string } }).details;
        const tokens = details?.generated_tokens ?? estimateTokens(out.generated_text);
        return {
          text: out.generated_text,
          tokens,
          finishReason: details?.finish_reason === 'length' || tokens >= request.maxNewTokens ? 'length' : 'stop',
        };
      } catch (error) {
        throw hfError(model, error, signal.aborted, retryAfter());
      }
    },
  };
}

export function hfError(model: string, error: unknown, timedOut: boolean, retryAfter: number | undefined): Error {
  if (error instanceof UpstreamError) return error;
  if (timedOut || isTimeout(error)) return new UpstreamTimeoutError(`${model} did not answer in time`);
  if (error instanceof InferenceClientProviderApiError) {
    const status = error.httpResponse.status;
    if (status === 429) return new RateLimitedError(`${model} is rate limited by its provider`, retryAfter);
    return new UpstreamError(`${model} failed: ${status} ${firstLine(errorMessage(error))}`);
  }
  return new UpstreamError(`${model} failed: ${firstLine(errorMessage(error))}`);
}
