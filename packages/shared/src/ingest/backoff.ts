/**
 * How ingest jobs wait between tries: 1 s, 2 s, 4 s ... (from the job's own
 * `delay`), never more than 30 s, so a Qdrant restart or a network blip of a
 * minute or two is ridden out without hammering what is down.
 */
export const INGEST_BACKOFF = 'capped-exponential';
const MAX_WAIT_MS = 30_000;

/** BullMQ's `settings.backoffStrategy` for workers of ingest queues. */
export function cappedBackoff(attemptsMade: number, type?: string, _error?: Error, job?: { opts: { backoff?: unknown } }): number {
  if (type !== INGEST_BACKOFF) return -1;
  const backoff = job?.opts.backoff as { delay?: number } | undefined;
  return Math.min((backoff?.delay ?? 1000) * 2 ** Math.max(attemptsMade - 1, 0), MAX_WAIT_MS);
}
