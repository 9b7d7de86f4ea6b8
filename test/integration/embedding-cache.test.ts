import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisEmbeddingCache } from '@review-search/shared';
import { testEnv } from '../support/stack';

describe('the embedding cache in Redis', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `${testEnv('PREFIX')}-cache-${crypto.randomBytes(3).toString('hex')}`;
  const cache = new RedisEmbeddingCache(redis, prefix, 1000);
  const vector = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.fround(Math.sin(seed + i)));

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('gives back what was written, by model and text, and nothing for the rest', async () => {
    await cache.set('model-a', [
      { text: 'strings stay in tune', vector: vector(1) },
      { text: 'noisy cable', vector: vector(2) },
    ]);
    expect(await cache.get('model-a', ['noisy cable', 'never written', 'strings stay in tune'])).toEqual([vector(2), undefined, vector(1)]);
    expect(await cache.get('model-b', ['noisy cable'])).toEqual([undefined]);
  });

  it('each entry expires on its own: writing others never extends it', async () => {
    await cache.set('model-a', [{ text: 'old review', vector: vector(3) }]);
    const old = cache.key('model-a', 'old review');
    expect(await redis.pttl(old)).toBeGreaterThan(900_000);
    // As if it had been written long ago.
    await redis.pexpire(old, 5_000);
    await cache.set('model-a', [{ text: 'new review', vector: vector(4) }]);
    expect(await redis.pttl(old)).toBeLessThanOrEqual(5_000);
    expect(await redis.pttl(cache.key('model-a', 'new review'))).toBeGreaterThan(900_000);
  });
});
