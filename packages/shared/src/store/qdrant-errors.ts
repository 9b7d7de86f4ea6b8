import { errorMessage, NotFoundError, ReviewSearchError, UnavailableError } from '../errors';

/**
 * Our error for a failed request to Qdrant at `url`: `NotFoundError` for a
 * missing collection, `ReviewSearchError` for a request Qdrant refused (4xx),
 * `UnavailableError` for everything else (5xx, timeouts, transport failures).
 */
export function translateQdrantError(url: string, what: string, error: unknown): Error {
  const { status, reason } = qdrantAnswer(error);
  if (status === 404 && /Collection .* doesn't exist|Not found: Collection/i.test(reason)) {
    return new NotFoundError(`${what}: the collection does not exist yet; ingest reviews first (POST /ingest)`);
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new ReviewSearchError(`Qdrant refused ${what}: ${status} ${reason}`, undefined, { cause: error });
  }
  return new UnavailableError(`Qdrant at ${url} failed during ${what}: ${describeTransportError(error)}`, undefined, {
    cause: error,
  });
}

/**
 * The status and reason of an answer Qdrant gave, whichever way the client
 * reports it: an `ApiError` (`status`, `data.status.error`) or an "Unexpected
 * Response: 404 (Not Found)" message with the raw content.
 */
export function qdrantAnswer(error: unknown): { status?: number; reason: string } {
  const message = errorMessage(error);
  const fields = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; data?: { status?: { error?: unknown } } };
  const status = typeof fields.status === 'number' ? fields.status : Number(/Unexpected Response: (\d{3})/.exec(message)?.[1]) || undefined;
  const reason = typeof fields.data?.status?.error === 'string' ? fields.data.status.error : message.split('\n').slice(0, 3).join(' ');
  return { status, reason };
}

/** The pooled connection was closed by the server (keep-alive race) or reset before an answer. */
export function isClosedConnection(error: unknown): boolean {
  return ['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE'].includes(transportCode(error) ?? '');
}

/** Nothing listens where the peer should be (stopped, or restarting). */
export function isRefusedConnection(error: unknown): boolean {
  return transportCode(error) === 'ECONNREFUSED';
}

/** fetch failed in transit (no answer from Qdrant), and not because nothing listens. */
export function isTransientTransportFailure(error: unknown): boolean {
  return errorMessage(error) === 'fetch failed' && transportCode(error) !== 'ECONNREFUSED';
}

function describeTransportError(error: unknown): string {
  const code = transportCode(error);
  if (code) return `${errorMessage(error)} (${code})`;
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return cause === undefined ? errorMessage(error).split('\n')[0]! : `${errorMessage(error)} (${errorMessage(cause)})`;
}

/**
 * The code of the network error under fetch's "fetch failed", if any. Read by
 * shape, not `instanceof`: fetch's errors come from Node's own realm, which is
 * not always the caller's (a VM context, a test runner's sandbox).
 */
function transportCode(error: unknown): string | undefined {
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
