import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BusyError, RateLimitedError, ReviewSearchError, type Logger } from '@review-search/shared';
import { allowedMethods } from './allowed-methods';
import { httpError } from './http-errors';

/**
 * Unknown routes answer 404, and a known path asked with the wrong method 405
 * with `Allow`, in the same JSON shape as every other error.
 */
export const notFound: RequestHandler = (req, res) => {
  const allowed = allowedMethods(req.path);
  if (allowed.length > 0) {
    res
      .status(405)
      .set('Allow', allowed.join(', '))
      .json({ error: `${req.path} answers ${allowed.join(', ')}, not ${req.method}`, details: { allowed } });
    return;
  }
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
    if ((error instanceof RateLimitedError || error instanceof BusyError) && error.retryAfter !== undefined) {
      res.setHeader('Retry-After', String(error.retryAfter));
    }
    if (error instanceof ReviewSearchError && error.status !== 500) {
      // 4xx: the caller's to fix; 502-504: a dependency's, worth a warning. Both say why.
      if (error.status >= 500) log.warn({ err: error.message, path: req.path }, 'dependency unavailable');
      res.status(error.status).json({ error: error.message, details: error.details ?? null });
      return;
    }
    const http = httpError(error);
    if (http) {
      res.status(http.status).json({ error: http.message, details: http.details });
      return;
    }
    log.error({ err: error, path: req.path }, 'unexpected error');
    res.status(500).json({ error: 'internal error', details: null });
  };
}
