import { Redis } from 'ioredis';
import { IngestQueues, type Config, type EmbedBatchJob } from '@review-search/shared';

/**
 * An ingest's batch jobs as BullMQ keeps them in Redis (a day after they
 * complete), in batch order: the rows each batch was given. Fails if one is
 * missing, or if there is one past `batches`.
 */
export async function storedBatchJobs(config: Config, jobId: string, batches: number): Promise<EmbedBatchJob[]> {
  const redis = new Redis(config.redisUrl);
  const key = (n: number) => `${config.queuePrefix}:${IngestQueues.batches}:${jobId}-batch-${n}`;
  try {
    const data = await Promise.all(Array.from({ length: batches + 1 }, (_, n) => redis.hget(key(n), 'data')));
    if (data[batches] !== null) throw new Error(`batch job ${key(batches)} exists: more batches than the ingest counted`);
    return data.slice(0, batches).map((json, n) => {
      if (json === null) throw new Error(`no batch job ${key(n)} in Redis`);
      return JSON.parse(json) as EmbedBatchJob;
    });
  } finally {
    redis.disconnect();
  }
}
