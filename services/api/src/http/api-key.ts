import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * Requires the API key on a route when one is configured: `Authorization:
 * Bearer <key>` or `X-API-Key: <key>`, compared in constant time (on digests,
 * so the length does not leak either). The key is never logged or echoed.
 */
export function requireApiKey(apiKey: string | undefined): RequestHandler {
  if (!apiKey) return (_req, _res, next) => next();
  const expected = digest(apiKey);
  return (req, res, next) => {
    const header = req.get('authorization');
    const given = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : req.get('x-api-key');
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer')
      .json({ error: 'this route needs the API key: send Authorization: Bearer <key> or X-API-Key: <key>', details: null });
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
