import ipaddr from 'ipaddr.js';
import type { RequestHandler } from 'express';
import { apiKeyCheck } from './api-key';

const REALM = 'review search queues';

/**
 * Guards the queue dashboard, which can retry and delete jobs. With an API
 * key: the key as HTTP Basic password (any user name; a browser asks for it
 * on the 401), or as Bearer / X-API-Key. Without one: loopback clients only
 * (as Express sees them through TRUST_PROXY), since an open dashboard on a
 * network lets anyone drop the ingest queue. Changes sent by another site
 * (`Sec-Fetch-Site: cross-site`) are refused, whatever credentials the browser
 * attached.
 */
export function requireDashboardLogin(apiKey: string | undefined): RequestHandler {
  const key = apiKeyCheck(apiKey);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.get('sec-fetch-site') === 'cross-site') {
      res.status(403).json({ error: 'the queue dashboard refuses changes sent by another site', details: null });
      return;
    }
    if (!key.configured) {
      if (isLoopback(req.ip)) return next();
      res.status(403).json({
        error: 'the queue dashboard answers only on this machine while no API key is set: set API_KEY to open it to the network',
        details: null,
      });
      return;
    }
    if (key.given(req, { basic: true })) return next();
    res
      .status(401)
      .set('WWW-Authenticate', `Basic realm="${REALM}", charset="UTF-8"`)
      .json({ error: 'the queue dashboard needs the API key: as the password of HTTP Basic (any user name), or Authorization: Bearer <key>', details: null });
  };
}

function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'loopback';
}
