import { randomUUID } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { errorMessage, UnavailableError } from '../errors';
import { displaySource } from '../sources/source-display';
import { INGEST_BACKOFF } from './backoff';
import { ingestProgress } from './ingest-progress';
import { ingestState } from './ingest-state';
import { createRedisConnection } from './redis-connection';
import {
  IngestJobNames,
  IngestQueues,
  isReadState,
  type EmbedBatchResult,
  type IngestSourceJob,
} from './ingest.jobs';
import type { IngestResult, IngestStatus } from './ingest-status';
import type { IngestQueue } from './ingest-queue.port';

/** How long finished ingests stay visible to `GET /ingest/:jobId`. */
const KEEP_FINISHED = { age: 7 * 24 * 3600, count: 1000 };

export class BullmqIngestQueue implements IngestQueue {
  private readonly queue: Queue<IngestSourceJob, IngestResult>;
  private readonly batches: Queue;
  private readonly connection: Redis;

  /** Connects to Redis at `redisUrl`; `close()` ends the connection. */
  constructor(redisUrl: string, prefix: string) {
    this.connection = createRedisConnection(redisUrl, 'producer', `${prefix}:producer`);
    this.connection.on('error', () => undefined); // surfaced by the calls that fail
    this.queue = new Queue(IngestQueues.sources, { connection: this.connection, prefix });
    this.batches = new Queue(IngestQueues.batches, { connection: this.connection, prefix });
  }

  async enqueue(data: IngestSourceJob, options: { jobId?: string } = {}): Promise<string> {
    try {
      if (options.jobId) {
        const previous = await this.queue.getJob(options.jobId);
        if (previous && ['completed', 'failed'].includes(await previous.getState())) await previous.remove();
      }
      const job = await this.queue.add(IngestJobNames.source, data, {
        // Unguessable unless the caller fixes one: a job's status is read by its id.
        jobId: options.jobId ?? randomUUID(),
        attempts: 8,
        backoff: { type: INGEST_BACKOFF, delay: 2000 },
        removeOnComplete: KEEP_FINISHED,
        removeOnFail: KEEP_FINISHED,
      });
      return job.id!;
    } catch (error) {
      throw unavailable(error);
    }
  }

  async status(jobId: string): Promise<IngestStatus | undefined> {
    let job: Job<IngestSourceJob, IngestResult> | undefined;
    let queueState: string;
    try {
      // The state first, then the job: a job read after its state is at least as new, so a
      // failed or completed state always comes with its reason or result.
      queueState = await this.queue.getJobState(jobId);
      job = await this.queue.getJob(jobId);
    } catch (error) {
      throw unavailable(error);
    }
    if (!job) return undefined;
    const read = isReadState(job.progress) ? job.progress : undefined;
    const state = ingestState(queueState, read);
    const batches = Object.values(await job.getChildrenValues()) as EmbedBatchResult[];
    const result = state === 'completed' ? job.returnvalue : null;
    const progress = ingestProgress(read, batches, job.data.limit, result ? job.finishedOn! : Date.now());
    return {
      jobId,
      state,
      request: {
        source: displaySource(job.data.source),
        model: job.data.model,
        collection: job.data.collection,
        activateAlias: job.data.activateAlias,
        activateWhen: job.data.activateWhen,
        limit: job.data.limit,
        ...(job.data.mapping ? { mapping: job.data.mapping } : {}),
        ...(job.data.format ? { format: job.data.format } : {}),
        ...(job.data.delimiter ? { delimiter: job.data.delimiter } : {}),
      },
      progress,
      skippedReasons: read?.skippedReasons ?? [],
      result,
      failedReason: state === 'failed' ? await this.describeFailure(job) : null,
    };
  }

  async depths(): Promise<Record<string, Record<string, number>>> {
    const states = ['waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children'] as const;
    const [sources, batches] = await Promise.all([this.queue.getJobCounts(...states), this.batches.getJobCounts(...states)]);
    return { [IngestQueues.sources]: sources, [IngestQueues.batches]: batches };
  }

  async ingestRate(): Promise<number> {
    const running = await this.queue.getJobs(['active', 'waiting-children']);
    const statuses = await Promise.all(running.map((job) => this.status(job.id!)));
    return statuses.reduce((sum, status) => sum + (status?.progress.rate ?? 0), 0);
  }

  /** An ingest that failed because a batch failed says which batch, and why that batch failed. */
  private async describeFailure(job: Job): Promise<string> {
    const child = /^child .*:([^:]+) failed$/.exec(job.failedReason ?? '');
    if (!child) return job.failedReason;
    const batch = await this.batches.getJob(child[1]!);
    return batch?.failedReason ? `batch ${batch.id} failed: ${batch.failedReason}` : job.failedReason;
  }

  async ping(): Promise<void> {
    try {
      await this.connection.ping();
    } catch (error) {
      throw unavailable(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.batches.close()]);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

function unavailable(error: unknown): UnavailableError {
  return new UnavailableError(`Redis (ingest queue) cannot be reached: ${errorMessage(error)}`, undefined, { cause: error });
}
