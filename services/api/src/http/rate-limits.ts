import { rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { Redis } from 'ioredis';
import { errorMessage, type Logger } from '@review-search/shared';
import type { RequestHandler } from 'express';

export interface RateLimits {
  /** At most `perMinute` requests a minute per client address, counted in Redis for every API replica; past it, 429 with Retry-After and a JSON reason. */
  perMinute(perMinute: number, what: string): RequestHandler;
  close(): Promise<void>;
}

/** A request never waits longer than this for its count; past it, or with Redis down, it is let through. */
const COMMAND_TIMEOUT_MS = 1000;
/** A SHA no script has: EVALSHA answers NOSCRIPT, and the store loads its script again. */
const NO_SCRIPT = '0'.repeat(40);
const OUTAGE_LOG_EVERY_MS = 60_000;

/**
 * Rate limits shared by every API replica (express-rate-limit with a Redis
 * store), under `<prefix>:rate-limit:<what>:<client>`. When Redis does not
 * answer, requests go through unlimited (logged once a minute): search reads
 * Qdrant, not Redis, and must not fail with it, while the heavy work stays
 * bounded per process by the projection pool and the generation queue.
 */
export function rateLimits({ redisUrl, prefix, log }: { redisUrl: string; prefix: string; log: Logger }): RateLimits {
  const redis = new Redis(redisUrl, {
    connectionName: `${prefix}:rate-limit`,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 5000,
  });
  redis.on('error', () => undefined);
  let lastOutageLog = 0;
  const logger = {
    warn: (error: unknown, message?: string) => log.warn({ err: errorMessage(error) }, message ?? 'rate limit'),
    error: (error: unknown) => {
      if (Date.now() - lastOutageLog < OUTAGE_LOG_EVERY_MS) return;
      lastOutageLog = Date.now();
      log.warn({ err: errorMessage(error) }, 'rate limits unavailable (Redis does not answer): requests go through unlimited');
    },
  };
  const sendCommand = async (command: string, ...args: string[]): Promise<RedisReply> => {
    try {
      return (await redis.call(command, ...args)) as RedisReply;
    } catch (error) {
      // A script that could not be loaded (Redis down at start-up) is loaded again on first use.
      if (command.toUpperCase() === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD') return NO_SCRIPT;
      throw error;
    }
  };
  return {
    perMinute(perMinute, what) {
      return rateLimit({
        windowMs: 60_000,
        limit: perMinute,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        store: new RedisStore({ sendCommand, prefix: `${prefix}:rate-limit:${what}:` }),
        passOnStoreError: true,
        logger,
        handler: (_req, res) => {
          res.status(429).json({ error: `too many ${what} requests: at most ${perMinute} a minute`, details: { perMinute } });
        },
      });
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
