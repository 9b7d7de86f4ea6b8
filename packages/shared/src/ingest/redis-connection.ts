import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers wait for Redis forever (they must
 * survive a restart of it); producers give up on a command after one retry so
 * that a request fails fast with a clear error. Both reconnect on their own.
 * `name` (shown by `CLIENT LIST`) starts with the queue prefix, like BullMQ's own.
 */
export function createRedisConnection(url: string, role: 'producer' | 'worker', name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    connectTimeout: 5000,
    lazyConnect: false,
  });
}
