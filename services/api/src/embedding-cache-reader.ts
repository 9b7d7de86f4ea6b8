import { createRedisConnection, RedisEmbeddingCache, type Config, type EmbeddingCacheStats } from '@review-search/shared';

/** The ingest's embedding cache as the API sees it: its size, for `/metrics`. Connects on the first read. */
export function embeddingCacheReader(config: Config): { stats(): Promise<EmbeddingCacheStats>; close(): Promise<void> } {
  let cache: { redis: ReturnType<typeof createRedisConnection>; reader: RedisEmbeddingCache } | undefined;
  return {
    stats() {
      if (!cache) {
        const redis = createRedisConnection(config.embeddingCache.redisUrl, 'producer', `${config.queuePrefix}:embedding-cache-reader`);
        redis.on('error', () => undefined); // a scrape without Redis shows no cache figures
        cache = { redis, reader: new RedisEmbeddingCache(redis, config.queuePrefix, config.embeddingCache.ttlSeconds, config.embeddingCache.maxBytes) };
      }
      return cache.reader.stats();
    },
    async close() {
      await cache?.redis.quit().catch(() => cache?.redis.disconnect());
    },
  };
}
