import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EmbeddingCache } from './embedding-cache.port';

/** A model's entries live this long after their last write. */
const TTL_SECONDS = 30 * 24 * 3600;

/**
 * The embedding cache in Redis: one hash per model (`<prefix>:embeddings:<model hash>`),
 * one field per text (its SHA-256), the vector as float32 bytes (2 KB for 512
 * dimensions). Redis because every ingest worker, on every machine, already
 * shares it: a re-ingest anywhere finds what any worker embedded, with one
 * round trip per batch.
 */
export class RedisEmbeddingCache implements EmbeddingCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(model: string, texts: readonly string[]): Promise<(number[] | undefined)[]> {
    if (texts.length === 0) return [];
    const values = await this.redis.hmgetBuffer(this.key(model), ...texts.map(textHash));
    // Copied out first: a Buffer from ioredis may sit at an offset that is not a multiple of 4.
    return values.map((value) => (value ? Array.from(new Float32Array(Uint8Array.from(value).buffer)) : undefined));
  }

  async set(model: string, entries: readonly { text: string; vector: number[] }[]): Promise<void> {
    if (entries.length === 0) return;
    const key = this.key(model);
    const fields: (string | Buffer)[] = [];
    for (const { text, vector } of entries) fields.push(textHash(text), Buffer.from(new Float32Array(vector).buffer));
    await this.redis.multi().hset(key, ...fields).expire(key, TTL_SECONDS).exec();
  }

  private key(model: string): string {
    return `${this.prefix}:embeddings:${createHash('sha256').update(model).digest('hex').slice(0, 16)}`;
  }
}

function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
