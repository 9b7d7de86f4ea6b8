import type { ErrorRequestHandler, RequestHandler } from 'express';
import { RateLimitedError, ReviewSearchError, type Logger } from '@review-search/shared';

/** Unknown routes answer 404 in the same JSON shape as every other error. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: `no route ${req.method} ${req.path}`, details: null });
};

/**
 * The one place errors become HTTP answers: `{error, details}` with the
 * error's own status; anything unexpected is logged and answers 500 without
 * internals.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof RateLimitedError && error.retryAfter !== undefined) res.setHeader('Retry-After', String(error.retryAfter));
    if (error instanceof ReviewSearchError && error.status !== 500) {
      // 4xx: the caller's to fix; 502-504: a dependency's, worth a warning. Both say why.
      if (error.status >= 500) log.warn({ err: error.message, path: req.path }, 'dependency unavailable');
      res.status(error.status).json({ error: error.message, details: error.details ?? null });
      return;
    }
    const http = httpError(error);
    if (http) {
      res.status(http.status).json({ error: http.message, details: null });
      return;
    }
    log.error({ err: error, path: req.path }, 'unexpected error');
    res.status(500).json({ error: 'internal error', details: null });
  };
}

/** Errors raised by Express's own body parsers (bad JSON, too large, wrong charset). */
function httpError(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type, message } = error as { status?: unknown; type?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || typeof type !== 'string') return undefined;
  const reasons: Record<string, string> = {
    'entity.parse.failed': 'the request body is not valid JSON',
    'entity.too.large': 'the request body is too large',
  };
  return { status, message: reasons[type] ?? String(message) };
}
