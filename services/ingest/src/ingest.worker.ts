import type { LookupFunction } from 'node:net';
import path from 'node:path';
import { Job, Queue, UnrecoverableError, WaitingChildrenError, Worker } from 'bullmq';
import {
  configEnvironment,
  createRedisConnection,
  calibrateBuild,
  cappedBackoff,
  ConflictError,
  measureDefaultMode,
  INGEST_BACKOFF,
  IngestSourceError,
  IngestJobNames,
  IngestQueues,
  isReadState,
  InputError,
  loadEmbedder,
  ModelUnavailableError,
  modelOptions,
  openSource,
  type Config,
  type EmbedBatchJob,
  type EmbedBatchResult,
  type IngestResult,
  type IngestSourceJob,
  type Logger,
  type VectorStore,
} from '@review-search/shared';
import type { BuildCalibrator } from './build-activation';
import { clearFailedBuild } from './failed-builds';
import { ingestSource, WAITING_FOR_BATCHES, type SourceJobContext } from './ingest-source.handler';

export interface IngestWorkers {
  close(): Promise<void>;
}

export interface IngestWorkerDeps {
  store: VectorStore;
  log: Logger;
  /** How source hosts are resolved where the connection is made (node's `dns.lookup` by default). */
  lookup?: LookupFunction;
}

const BATCH_JOB_OPTIONS = {
  backoff: { type: INGEST_BACKOFF, delay: 1000 },
  failParentOnFailure: true,
  // A batch's result lives on in its ingest (BullMQ keeps it on the parent); its review texts need not.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * Runs the two ingest queues in this process: sources (read and fan out, I/O
 * only) and batches (embed and upsert, in sandboxed child processes, one per
 * unit of concurrency). Start as many of these processes, on as many machines,
 * as there are cores to use: they share the work through Redis.
 */
export function startIngestWorkers(config: Config, deps: IngestWorkerDeps): IngestWorkers {
  const connection = createRedisConnection(config.redisUrl, 'worker', `${config.queuePrefix}:worker`);
  const prefix = config.queuePrefix;
  // A worker killed mid-job stops renewing its locks; after this long another worker takes its jobs up.
  const locks = { lockDuration: config.ingest.stalledMs, stalledInterval: config.ingest.stalledMs };
  const batchQueue = new Queue<EmbedBatchJob, EmbedBatchResult>(IngestQueues.batches, { connection, prefix });

  const sources = new Worker<IngestSourceJob, IngestResult>(
    IngestQueues.sources,
    async (job, token) => {
      const result = await runSourceJob(job, token!, batchQueue, config, deps).catch((error: unknown) => {
        throw isPermanent(error) ? new UnrecoverableError((error as Error).message) : error;
      });
      if (result === WAITING_FOR_BATCHES) throw new WaitingChildrenError();
      return result;
    },
    { connection, prefix, concurrency: 4, ...locks, settings: { backoffStrategy: cappedBackoff } },
  );

  const batches = new Worker<EmbedBatchJob, EmbedBatchResult>(
    IngestQueues.batches,
    path.join(__dirname, 'embed-batch.processor.js'),
    {
      connection,
      prefix,
      concurrency: config.ingest.concurrency,
      ...locks,
      settings: { backoffStrategy: cappedBackoff },
      workerForkOptions: { env: { ...process.env, ...configEnvironment(config) } },
    },
  );

  const sourceQueue = new Queue<IngestSourceJob, IngestResult>(IngestQueues.sources, { connection, prefix });
  const clear = (jobId: string, collection: string) =>
    clearFailedBuild({ jobId, collection }, { store: deps.store, batches: batchQueue, alias: config.collection, log: deps.log }).catch((error: unknown) =>
      deps.log.warn({ jobId, collection, err: (error as Error).message }, 'could not clear a failed build'),
    );
  // A build that failed for good (not one about to be retried) leaves no waiting batch and no collection behind.
  sources.on('failed', async (job) => {
    if (job && (await job.isFailed())) await clear(job.id!, job.data.collection);
  });
  // A batch that failed for good fails its ingest (failParentOnFailure) without the source worker seeing it.
  batches.on('failed', async (job) => {
    if (!job || !(await job.isFailed())) return;
    // Kept a week for its reason, without the texts it was given (it will not run again).
    await job.updateData(withoutTexts(job.data)).catch(() => undefined);
    const parentId = job.parent?.id;
    if (!parentId) return;
    const source = await Job.fromId<IngestSourceJob, IngestResult>(sourceQueue, parentId);
    if (source && (await source.isFailed())) await clear(source.id!, source.data.collection);
  });

  for (const [name, worker] of [['sources', sources], ['batches', batches]] as const) {
    worker.on('failed', (job, error) => deps.log.warn({ queue: name, jobId: job?.id, err: error.message }, 'ingest job failed'));
    worker.on('error', (error) => deps.log.error({ queue: name, err: error.message }, 'ingest worker error'));
  }
  sources.on('completed', (job, result) => deps.log.info({ jobId: job.id, ...result }, 'ingest completed'));

  return {
    async close() {
      await Promise.all([sources.close(), batches.close()]);
      await Promise.all([batchQueue.close(), sourceQueue.close()]);
      await connection.quit().catch(() => undefined);
    },
  };
}

/** Why the first failed batch of a source job failed, as the job's own failure (never retried), if one did. */
async function failedBatch(job: Job<IngestSourceJob, IngestResult>, batchQueue: Queue<EmbedBatchJob, EmbedBatchResult>): Promise<UnrecoverableError | undefined> {
  const { failed = [] } = await job.getDependencies({ failed: { count: 1 } });
  const id = failed[0]?.split(':').at(-1);
  if (!id) return undefined;
  const batch = await batchQueue.getJob(id);
  return new UnrecoverableError(`batch ${id} failed: ${batch?.failedReason ?? 'for a reason no longer kept'}`);
}

/** A batch as kept after it failed for good: which rows it held, not what they said. */
function withoutTexts(batch: EmbedBatchJob): EmbedBatchJob {
  return { ...batch, rows: [], droppedRows: batch.rows.map((r) => r.row) };
}

function runSourceJob(
  job: Job<IngestSourceJob, IngestResult>,
  token: string,
  batchQueue: Queue<EmbedBatchJob, EmbedBatchResult>,
  config: Config,
  deps: IngestWorkerDeps,
) {
  const context: SourceJobContext = {
    data: job.data,
    state: isReadState(job.progress) ? job.progress : undefined,
    saveState: (state) => job.updateProgress(state as unknown as object),
    async enqueueBatch(batch) {
      await batchQueue.add(IngestJobNames.batch, batch, {
        ...BATCH_JOB_OPTIONS,
        attempts: config.ingest.batchAttempts,
        jobId: `${job.id}-batch-${batch.batch}`,
        parent: { id: job.id!, queue: job.queueQualifiedName },
      });
    },
    pendingBatches: () => batchQueue.getWaitingCount(),
    waitForBatches: async () => {
      try {
        return await job.moveToWaitingChildren(token);
      } catch (error) {
        // A batch failed for good while this job still read (BullMQ then cannot park it): fail with that batch's reason.
        throw (await failedBatch(job, batchQueue)) ?? error;
      }
    },
    batchResults: async () => Object.values(await job.getChildrenValues<EmbedBatchResult>()),
  };
  return ingestSource(context, {
    store: deps.store,
    // The job says who named the source: a request's is held to SOURCES_DIR and public addresses here too.
    openSource: (source) =>
      openSource(source, {
        origin: job.data.origin ?? 'request',
        sourceDirs: config.sources.dirs,
        addresses: { allowPrivate: config.security.allowPrivateSources, allowedNetworks: config.sources.allowedNetworks },
        lookup: deps.lookup,
        idleTimeoutMs: config.ingest.sourceIdleTimeoutMs,
        maxBytes: config.sources.maxBytes,
        maxSeconds: config.sources.maxSeconds,
      }),
    // Loaded here, before anything is read or made: a model that cannot be had fails the build at once.
    // (The build's calibration loads it in this process at the end anyway.)
    modelDimension: async (model) => (await loadEmbedder(model, modelOptions(config, 'ingest'))).dimension,
    maxPendingBatches: config.ingest.maxPendingBatches,
    alias: config.collection,
    buildsKeep: config.buildsKeep,
    calibrator: buildCalibrator(deps.store, config),
    log: deps.log.child({ jobId: job.id }),
  });
}

function buildCalibrator(store: VectorStore, config: Config): BuildCalibrator {
  const embedder = (model: string) => loadEmbedder(model, modelOptions(config, 'ingest'));
  return {
    calibrate: async (collection, model) => calibrateBuild(store, await embedder(model), collection, model),
    async measure(collection, queries) {
      const model = (await store.describeCollection(collection))?.model;
      if (!model) throw new ConflictError(`collection '${collection}' has no model name: it was not built by review search`);
      return measureDefaultMode(store, await embedder(model), collection, model, queries);
    },
  };
}

function isPermanent(error: unknown): boolean {
  return error instanceof IngestSourceError || error instanceof ConflictError || error instanceof InputError || error instanceof ModelUnavailableError;
}

