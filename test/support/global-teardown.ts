import fs from 'node:fs';
import { Redis } from 'ioredis';

/** Stops the test Qdrant, removes its storage and deletes this run's Redis keys (only those). */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__reviewSearchQdrant;
  if (started) {
    await started.qdrant.stop();
    fs.rmSync(started.storage, { recursive: true, force: true });
  }
  const prefix = process.env.REVIEW_SEARCH_TEST_PREFIX;
  if (!prefix) return;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
