import type { RequestHandler } from 'express';
import { ReviewSearchError } from '@review-search/shared';
import { pathPattern } from './path-pattern';

/** The largest JSON body the API reads, in bytes (past it: 413). */
export const JSON_BODY_LIMIT = 100 * 1024;

/** A body in a type the route does not read (415). */
class UnsupportedMediaTypeError extends ReviewSearchError {
  override readonly status = 415;
}

/**
 * For the POST routes at `paths` (documented paths, which take a JSON body),
 * after `express.json()`: a request with no body reads as `{}` (so a missing
 * field is named, and a route whose fields all have defaults runs with them); a
 * body in any other type than JSON answers 415 instead of reaching validation
 * as nothing.
 */
export function requireJsonBody(paths: string[]): RequestHandler {
  const patterns = paths.map(pathPattern);
  return (req, res, next) => {
    if (req.method !== 'POST' || !patterns.some((pattern) => pattern.test(req.path))) return next();
    jsonOnly(req, res, next);
  };
}

const jsonOnly: RequestHandler = (req, _res, next) => {
  if (!hasBody(req.headers)) {
    req.body = {};
    return next();
  }
  if (req.is('application/json')) return next();
  const given = req.get('content-type') || '(none)';
  next(
    new UnsupportedMediaTypeError(`the request body must be JSON (Content-Type: application/json), not ${given.slice(0, 100)}`, {
      contentType: given.slice(0, 100),
      expected: 'application/json',
    }),
  );
};

/** A request has a body when it is chunked or says a length above zero (as Node reads HTTP/1.1). */
function hasBody(headers: { 'transfer-encoding'?: string; 'content-length'?: string }): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}
