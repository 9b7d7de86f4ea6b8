import { Redis } from 'ioredis';

/**
 * The rate-limit window of one client as Redis holds it (`<prefix>:rate-limit:<what>:<client>`):
 * its hits so far (null: no window, the next request starts one) and the milliseconds it has left.
 * A window is 60 s from the first request that found none (rate-limit-redis), so a burst
 * that starts on a fresh window and ends with its exact hit count fell in one window.
 */
export async function rateLimitWindow(redisUrl: string, prefix: string, what: string, client: string): Promise<{ hits: number | null; ttlMs: number }> {
  const redis = new Redis(redisUrl);
  try {
    const key = `${prefix}:rate-limit:${what}:${client}`;
    const [hits, ttlMs] = await Promise.all([redis.get(key), redis.pttl(key)]);
    return { hits: hits === null ? null : Number(hits), ttlMs };
  } finally {
    redis.disconnect();
  }
}
