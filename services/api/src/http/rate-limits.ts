import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

/** At most `perMinute` requests a minute per client address; past it, 429 with Retry-After and a JSON reason. */
export function perMinute(perMinute: number, what: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: `too many ${what} requests: at most ${perMinute} a minute`, details: { perMinute } });
    },
  });
}
