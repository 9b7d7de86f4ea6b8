import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers wait for Redis forever (they must
 * survive a restart of it); producers give up on a command after one retry so
 * that a request fails fast with a clear error.
 */
export function createRedisConnection(url: string, role: 'producer' | 'worker'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    connectTimeout: 5000,
    lazyConnect: false,
  });
}
