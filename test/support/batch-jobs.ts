import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { IngestQueues, type Config, type EmbedBatchJob } from '@review-search/shared';
import { waitUntil } from './wait-until';

const keyOf = (config: Config, jobId: string, n: number) => `${config.queuePrefix}:${IngestQueues.batches}:${jobId}-batch-${n}`;

/**
 * Holds an ingest's batches in their queue (paused) so a test can read them
 * as the source job handed them out; `release()` lets the workers take them.
 */
export async function holdBatches(config: Config) {
  const queue = new Queue(IngestQueues.batches, { connection: { url: config.redisUrl }, prefix: config.queuePrefix });
  await queue.pause();
  return {
    /**
     * The ingest's batch jobs in batch order, once its source job has handed
     * them all out (it waits for its children). Fails if one is missing, or
     * if there is one past `batches`.
     */
    async handedOut(jobId: string, batches: number): Promise<EmbedBatchJob[]> {
      const sources = new Queue(IngestQueues.sources, { connection: { url: config.redisUrl }, prefix: config.queuePrefix });
      try {
        await waitUntil(`ingest ${jobId} to hand out its batches`, async () => (await sources.getJobState(jobId)) === 'waiting-children', 60_000);
      } finally {
        await sources.close();
      }
      const stored = await batchJobData(config, jobId, batches + 1);
      if (stored[batches] !== null) throw new Error(`batch job ${keyOf(config, jobId, batches)} exists: more batches than the ingest counted`);
      return stored.slice(0, batches).map((json, n) => {
        if (json === null) throw new Error(`no batch job ${keyOf(config, jobId, n)} in Redis`);
        return JSON.parse(json) as EmbedBatchJob;
      });
    },
    async release() {
      await queue.resume();
      await queue.close();
    },
  };
}

/** The `data` field of an ingest's first `count` batch jobs as Redis holds it (null where there is no such job). */
export async function batchJobData(config: Config, jobId: string, count: number): Promise<(string | null)[]> {
  const redis = new Redis(config.redisUrl);
  try {
    return await Promise.all(Array.from({ length: count }, (_, n) => redis.hget(keyOf(config, jobId, n), 'data')));
  } finally {
    redis.disconnect();
  }
}
