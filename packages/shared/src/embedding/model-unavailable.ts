import { errorMessage, ReviewSearchError, UnavailableError } from '../errors';

/**
 * A model that cannot be had here (not downloadable, not on disk): every route
 * that meets it answers 503 naming it, and a build with it fails at once,
 * before its source is read.
 */
export class ModelUnavailableError extends UnavailableError {}

const UNREACHABLE = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT/;
const OFFLINE_HINT = "use EMBEDDING_MODEL=use-lite (it works offline) or a local model directory (a path starting with '/' or '.')";

/**
 * What a failed load of `model` means to its user: the model, the host it
 * would come from and what to do. `hubHost` is the host a Hugging Face id is
 * downloaded from (absent for other backends). Errors of our own pass as they are.
 */
export function modelUnavailable(model: string, error: unknown, hubHost?: string): ReviewSearchError {
  if (error instanceof ReviewSearchError) return error;
  const reason = errorReason(error);
  const details = { model, ...(hubHost ? { host: hubHost } : {}) };
  if (hubHost && UNREACHABLE.test(reason)) {
    return new ModelUnavailableError(
      `embedding model '${model}' cannot be loaded: cannot download it (${hubHost} unreachable: ${reason}); ${OFFLINE_HINT}`,
      details,
      { cause: error },
    );
  }
  if (hubHost && /Could not locate file|404/.test(reason)) {
    return new ModelUnavailableError(
      `embedding model '${model}' cannot be loaded: ${hubHost} has no such model (check its id) or it lacks a file this service needs`,
      details,
      { cause: error },
    );
  }
  return new ModelUnavailableError(`embedding model '${model}' cannot be loaded: ${reason}`, details, { cause: error });
}

/** The error's message with its cause's code (node's fetch says only "fetch failed"), one line, bounded. */
function errorReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = errorMessage(error).split('\n')[0]!.slice(0, 300);
  return code && !message.includes(code) ? `${message}, ${code}` : message;
}
