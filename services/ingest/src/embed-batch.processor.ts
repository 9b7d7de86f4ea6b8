/**
 * The batch processor, run by BullMQ in a child process of the ingest worker
 * (a sandboxed processor): embedding is CPU-bound and would otherwise stall the
 * worker's event loop, and with it the renewal of its job locks. Each child
 * keeps its models loaded between jobs.
 */
import type { SandboxedJob } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import {
  ConflictError,
  createRedisConnection,
  InputError,
  InvalidEmbeddingError,
  loadConfig,
  loadEmbedder,
  ModelUnavailableError,
  modelOptions,
  NotFoundError,
  qdrantStore,
  RedisEmbeddingCache,
  type EmbedBatchJob,
  type EmbedBatchResult,
} from '@review-search/shared';
import { embedBatch } from './embed-batch.handler';


const config = loadConfig();
const store = qdrantStore(config);
const cache = new RedisEmbeddingCache(
  createRedisConnection(config.embeddingCache.redisUrl, 'worker', `${config.queuePrefix}:embedding-cache`),
  config.queuePrefix,
  config.embeddingCache.ttlSeconds,
  config.embeddingCache.maxBytes,
);

export default async function processEmbedBatch(job: SandboxedJob<EmbedBatchJob, EmbedBatchResult>): Promise<EmbedBatchResult> {
  try {
    const embedder = await loadEmbedder(job.data.model, modelOptions(config, 'ingest'));
    return await embedBatch(job.data, { embedder, store, cache });
  } catch (error) {
    if (
      error instanceof InputError ||
      error instanceof ConflictError ||
      error instanceof InvalidEmbeddingError ||
      error instanceof ModelUnavailableError ||
      // The build's collection is gone (its ingest failed and was cleared, or it was deleted): no retry can store the batch.
      error instanceof NotFoundError
    ) {
      throw new UnrecoverableError(`batch ${job.data.batch}: ${error.message}`);
    }
    throw error;
  }
}
