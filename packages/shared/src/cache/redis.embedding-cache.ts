import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EmbeddingCache } from './embedding-cache.port';

/**
 * The embedding cache in Redis: one key per model and text
 * (`<prefix>:embedding:<model hash>:<text hash>`), the vector as float32 bytes
 * (2 KB for 512 dimensions), each expiring `ttlSeconds` after it was written,
 * on its own: a cache that is read and written every day still forgets what
 * no ingest has written for that long. Redis because every ingest worker, on
 * every machine, already shares it: a re-ingest anywhere finds what any worker
 * embedded, with one round trip per batch (MGET; the writes in one pipeline).
 * For a hard bound on its memory, give it a Redis of its own with an LRU
 * policy (`CACHE_REDIS_URL`).
 */
export class RedisEmbeddingCache implements EmbeddingCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {}

  async get(model: string, texts: readonly string[]): Promise<(number[] | undefined)[]> {
    if (texts.length === 0) return [];
    const values = await this.redis.mgetBuffer(...texts.map((text) => this.key(model, text)));
    // Copied out first: a Buffer from ioredis may sit at an offset that is not a multiple of 4.
    return values.map((value) => (value ? Array.from(new Float32Array(Uint8Array.from(value).buffer)) : undefined));
  }

  async set(model: string, entries: readonly { text: string; vector: number[] }[]): Promise<void> {
    if (entries.length === 0) return;
    const writes = this.redis.pipeline();
    for (const { text, vector } of entries) writes.set(this.key(model, text), Buffer.from(new Float32Array(vector).buffer), 'EX', this.ttlSeconds);
    await writes.exec();
  }

  /** The key of one model's vector of one text. */
  key(model: string, text: string): string {
    const modelHash = createHash('sha256').update(model).digest('hex').slice(0, 16);
    return `${this.prefix}:embedding:${modelHash}:${createHash('sha256').update(text).digest('base64url')}`;
  }
}
