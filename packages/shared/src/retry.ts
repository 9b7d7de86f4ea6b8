import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimitedError, UpstreamError, UpstreamTimeoutError } from './errors';

/**
 * Runs `call` again after a 429, a 5xx or a timeout, waiting 0.5 s, 1 s, 2 s
 * ... (or the provider's Retry-After); other errors, and the last failure,
 * are thrown as they are.
 */
export async function withRetries<T>(call: () => Promise<T>, attempts = 4, baseMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const retryable = error instanceof RateLimitedError || error instanceof UpstreamError || error instanceof UpstreamTimeoutError;
      if (!retryable || attempt >= attempts) throw error;
      const wait = error instanceof RateLimitedError && error.retryAfter !== undefined ? error.retryAfter * 1000 : baseMs * 2 ** (attempt - 1);
      await sleep(Math.min(wait, 30_000));
    }
  }
}
