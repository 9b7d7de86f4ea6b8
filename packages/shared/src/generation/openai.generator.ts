import OpenAI from 'openai';
import { UnavailableError, errorMessage, RateLimitedError, UpstreamError, UpstreamTimeoutError } from '../errors';
import { chatMessages, type Generator, type GeneratorOptions } from './generator.port';
import { firstLine, isTimeout } from './provider-errors';
import { estimateTokens } from './token-estimate';

/**
 * `openai:<model>`: any OpenAI-compatible chat completions API (OpenAI,
 * Ollama, vLLM, a llama.cpp server) at `OPENAI_BASE_URL` with `OPENAI_API_KEY`.
 */
export function createOpenAiGenerator(model: string, options: GeneratorOptions): Generator {
  const name = model.slice('openai:'.length);
  if (!options.openaiApiKey) {
    throw new UnavailableError(`OPENAI_API_KEY is not set: model '${model}' needs it (any value for a local server such as Ollama)`);
  }
  const client = new OpenAI({
    apiKey: options.openaiApiKey,
    baseURL: options.openaiBaseUrl,
    timeout: options.timeoutMs + 1000, // ours (below) fires first
    maxRetries: 0,
  });
  return {
    model,
    contextTokens: 128_000,
    instructed: true,
    countTokens: estimateTokens,
    async generate(request) {
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const completion = await client.chat.completions.create(
          {
            model: name,
            messages: chatMessages(request),
            max_tokens: request.maxNewTokens,
            temperature: request.temperature ?? 0,
            top_p: request.topP,
            seed: request.seed,
          },
          { signal },
        );
        const choice = completion.choices[0];
        if (!choice || typeof choice.message?.content !== 'string') {
          throw new UpstreamError(`${model} answered without a message`);
        }
        return {
          text: choice.message.content,
          tokens: completion.usage?.completion_tokens ?? estimateTokens(choice.message.content),
          finishReason: choice.finish_reason === 'length' ? 'length' : 'stop',
        };
      } catch (error) {
        throw openAiError(model, error, signal.aborted);
      }
    },
  };
}

export function openAiError(model: string, error: unknown, timedOut: boolean): Error {
  if (error instanceof UpstreamError) return error;
  if (timedOut || isTimeout(error)) return new UpstreamTimeoutError(`${model} did not answer in time`);
  if (error instanceof OpenAI.RateLimitError) {
    const retryAfter = Number(error.headers?.get('retry-after'));
    return new RateLimitedError(`${model} is rate limited by its provider`, Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  if (error instanceof OpenAI.APIError) {
    return new UpstreamError(`${model} failed: ${error.status ?? 'no status'} ${firstLine(error.message)}`);
  }
  return new UpstreamError(`${model} cannot be reached: ${firstLine(errorMessage(error))}`);
}
