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

  it('keeps within its bound: past it, the oldest written go, and Redis holds no more than the bound', async () => {
    const bound = 40_000;
    const bounded = new RedisEmbeddingCache(redis, `${prefix}-bounded`, 1000, bound);
    const long = (seed: number) => Array.from({ length: 128 }, (_, i) => Math.fround(Math.cos(seed * 7 + i)));
    const rounds = Array.from({ length: 5 }, (_, round) => Array.from({ length: 20 }, (_, i) => ({ text: `review ${round}-${i}`, vector: long(round * 20 + i) })));
    for (const entries of rounds) await bounded.set('model-a', entries);

    const held = async (entries: { text: string }[]) => (await bounded.get('model-a', entries.map((e) => e.text))).filter((v) => v !== undefined).length;
    expect(await held(rounds[4]!)).toBe(20);
    expect(await bounded.get('model-a', [rounds[4]![7]!.text])).toEqual([rounds[4]![7]!.vector]);
    expect(await held(rounds[0]!)).toBe(0);
    const kept = (await redis.keys(`${prefix}-bounded:embedding:*`)).filter((k) => !k.endsWith('-index'));
    expect(kept.length).toBeGreaterThan(20);
    expect(kept.length).toBeLessThan(100);
    // What Redis itself says the entries and their index take.
    const usage = await Promise.all([...kept, `${prefix}-bounded:embedding-index`].map((k) => redis.memory('USAGE', k)));
    expect(usage.reduce((sum: number, bytes) => sum + Number(bytes), 0)).toBeLessThanOrEqual(bound);
    const stats = await bounded.stats();
    expect(stats).toEqual({ entries: kept.length, bytes: expect.any(Number), maxBytes: bound });
    expect(stats.bytes).toBeLessThanOrEqual(bound);
    expect(stats.bytes).toBeGreaterThan(bound - 2000); // one entry counts about 1,100 bytes
  });

  it('forgets entries that expired, in its count too', async () => {
    const bounded = new RedisEmbeddingCache(redis, `${prefix}-expiring`, 1000, 1_000_000);
    await bounded.set('model-a', [{ text: 'first', vector: vector(5) }, { text: 'second', vector: vector(6) }]);
    const before = await bounded.stats();
    // As if both had outlived their time to live.
    await redis.del(bounded.key('model-a', 'first'), bounded.key('model-a', 'second'));
    await bounded.set('model-a', [{ text: 'third', vector: vector(7) }]);
    const after = await bounded.stats();
    expect(before.entries).toBe(2);
    expect(after.entries).toBe(1);
    expect(after.bytes).toBe(before.bytes / 2);
  });
});
