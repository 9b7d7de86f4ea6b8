import { Redis } from 'ioredis';
import { qdrantUrl, type Config } from './config';
import { errorMessage, UnavailableError } from './errors';
import type { VectorStore } from './store/vector-store.port';

/** Redis answers PING, or a one-line error that says what to do. */
export async function checkRedis(config: Config): Promise<void> {
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new UnavailableError(
      `Redis is not reachable at ${redactUrl(config.redisUrl)} (${errorMessage(error)}): ` +
        'start Redis 7 (e.g. `docker run -p 6379:6379 redis:7`) or set REDIS_URL',
    );
  } finally {
    redis.disconnect();
  }
}

/** Qdrant answers, or a one-line error that says what to do. */
export async function checkQdrant(config: Config, store: VectorStore): Promise<void> {
  try {
    await store.ping();
  } catch (error) {
    throw new UnavailableError(
      `Qdrant is not reachable at ${qdrantUrl(config)} (${errorMessage(error).split(': ').pop()}): ` +
        'unset QDRANT_URL to let `pnpm start` run a local Qdrant, or start one (`docker run -p 6333:6333 qdrant/qdrant:v1.16.3`)',
    );
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
