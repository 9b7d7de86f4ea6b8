import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

export interface ApiKeyCheck {
  /** Whether a key is configured at all. */
  configured: boolean;
  /** Whether the request carries the key: `Authorization: Bearer`, `X-API-Key`, or, with `basic`, HTTP Basic's password. */
  given(req: Request, options?: { basic?: boolean }): boolean;
}

/** Compares in constant time (on digests, so the length does not leak either). The key is never logged or echoed. */
export function apiKeyCheck(apiKey: string | undefined): ApiKeyCheck {
  const expected = apiKey ? digest(apiKey) : undefined;
  return {
    configured: expected !== undefined,
    given(req, { basic = false } = {}) {
      if (!expected) return false;
      const header = req.get('authorization');
      const value = header?.startsWith('Bearer ')
        ? header.slice('Bearer '.length)
        : basic && header?.startsWith('Basic ')
          ? basicPassword(header.slice('Basic '.length))
          : req.get('x-api-key');
      return value !== undefined && timingSafeEqual(digest(value), expected);
    },
  };
}

/**
 * Requires the API key on a route when one is configured: `Authorization:
 * Bearer <key>` or `X-API-Key: <key>`.
 */
export function requireApiKey(apiKey: string | undefined): RequestHandler {
  const key = apiKeyCheck(apiKey);
  if (!key.configured) return (_req, _res, next) => next();
  return (req, res, next) => {
    if (key.given(req)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer')
      .json({ error: 'this route needs the API key: send Authorization: Bearer <key> or X-API-Key: <key>', details: null });
  };
}

/** The password of HTTP Basic credentials (`user:password`, base64); any user name. */
function basicPassword(encoded: string): string | undefined {
  const decoded = Buffer.from(encoded.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
