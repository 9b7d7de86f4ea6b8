import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EmbeddingCache, EmbeddingCacheStats } from './embedding-cache.port';

/**
 * What Redis spends on an entry besides its vector and key: its key object and
 * expiry, the index's sorted-set node. With the vector counted at 5/4 (the
 * allocator's size classes) and the key three times (entry, index member, its
 * hash), an entry counts at least what Redis 7 reports for it (MEMORY USAGE of
 * the key, and the index's growth): 1,134 against 997 bytes for 128
 * dimensions, 3,054 against 2,924 for 512.
 */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Writes entries and keeps the cache within its bound, atomically:
 * KEYS[1] the index (sorted set of `<cost>|<key>` by write order),
 * KEYS[2] the byte count, KEYS[3] the write counter, KEYS[4..] the entries' keys;
 * ARGV[1] time to live (s), ARGV[2] the bound (bytes), ARGV[3] the overhead
 * per entry, ARGV[4..] the entries' vectors (ARGV[i] goes with KEYS[i]).
 * All entries live as long, so the expired ones are the oldest written: they
 * leave the index and the count first; then the oldest written are dropped
 * until the count fits the bound (at most 10,000 of each per call).
 */
const WRITE_SCRIPT = `
local index, total, counter = KEYS[1], KEYS[2], KEYS[3]
local ttl, bound, overhead = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local function split(member)
  local bar = string.find(member, '|', 1, true)
  return tonumber(string.sub(member, 1, bar - 1)), string.sub(member, bar + 1)
end
for i = 4, #KEYS do
  local key, vector = KEYS[i], ARGV[i]
  local cost = math.ceil(#vector * 5 / 4) + 3 * #key + overhead
  redis.call('SET', key, vector, 'EX', ttl)
  if redis.call('ZADD', index, redis.call('INCR', counter), cost .. '|' .. key) == 1 then
    redis.call('INCRBY', total, cost)
  end
end
local dropped = 0
while dropped < 10000 do
  local oldest = redis.call('ZRANGE', index, 0, 0)
  if #oldest == 0 then break end
  local cost, key = split(oldest[1])
  if redis.call('EXISTS', key) == 1 then break end
  redis.call('ZREM', index, oldest[1])
  redis.call('DECRBY', total, cost)
  dropped = dropped + 1
end
local evicted = 0
while evicted < 10000 and tonumber(redis.call('GET', total) or '0') > bound do
  local oldest = redis.call('ZPOPMIN', index)
  if #oldest == 0 then
    redis.call('SET', total, 0)
    break
  end
  local cost, key = split(oldest[1])
  redis.call('DEL', key)
  redis.call('DECRBY', total, cost)
  evicted = evicted + 1
end
return evicted
`;

/**
 * The embedding cache in Redis: one key per model and text
 * (`<prefix>:embedding:<model hash>:<text hash>`), the vector as float32 bytes
 * (2 KB for 512 dimensions), each expiring `ttlSeconds` after it was written,
 * on its own: a cache that is read and written every day still forgets what
 * no ingest has written for that long. Its size is bounded: an index of the
 * entries by write order and a count of their bytes (vector, key and Redis's
 * overhead per entry, counted generously) let each write drop the oldest entries once the count
 * passes `maxBytes`. Redis because every ingest worker, on every machine,
 * already shares it: a re-ingest anywhere finds what any worker embedded, with
 * one round trip per batch (MGET, and one script for the writes).
 */
export class RedisEmbeddingCache implements EmbeddingCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 30 * 24 * 3600,
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  async get(model: string, texts: readonly string[]): Promise<(number[] | undefined)[]> {
    if (texts.length === 0) return [];
    const values = await this.redis.mgetBuffer(...texts.map((text) => this.key(model, text)));
    // Copied out first: a Buffer from ioredis may sit at an offset that is not a multiple of 4.
    return values.map((value) => (value ? Array.from(new Float32Array(Uint8Array.from(value).buffer)) : undefined));
  }

  async set(model: string, entries: readonly { text: string; vector: number[] }[]): Promise<void> {
    if (entries.length === 0) return;
    const keys = entries.map(({ text }) => this.key(model, text));
    const vectors = entries.map(({ vector }) => Buffer.from(new Float32Array(vector).buffer));
    await this.redis.eval(
      WRITE_SCRIPT,
      keys.length + 3,
      this.indexKey,
      this.bytesKey,
      this.counterKey,
      ...keys,
      this.ttlSeconds,
      this.maxBytes,
      ENTRY_OVERHEAD_BYTES,
      ...vectors,
    );
  }

  async stats(): Promise<EmbeddingCacheStats> {
    const [entries, bytes] = await Promise.all([this.redis.zcard(this.indexKey), this.redis.get(this.bytesKey)]);
    return { entries, bytes: Number(bytes ?? 0), maxBytes: this.maxBytes };
  }

  /** The key of one model's vector of one text. */
  key(model: string, text: string): string {
    const modelHash = createHash('sha256').update(model).digest('hex').slice(0, 16);
    return `${this.prefix}:embedding:${modelHash}:${createHash('sha256').update(text).digest('base64url')}`;
  }

  private get indexKey(): string {
    return `${this.prefix}:embedding-index`;
  }

  private get bytesKey(): string {
    return `${this.prefix}:embedding-bytes`;
  }

  private get counterKey(): string {
    return `${this.prefix}:embedding-writes`;
  }
}
