import { buildCollectionName, type Config, type IngestQueue, type Logger, type VectorStore } from '@review-search/shared';

/**
 * With no live collection (or an empty one), enqueues a build of the
 * configured dataset that goes live when complete. The job id is fixed per
 * alias, so several API replicas starting at once enqueue it once. (That id
 * can be guessed, but no request names a job id to enqueue, and its status
 * shows DATASET_URL without credentials or query, behind API_KEY when set.)
 */
export async function autoIngest(deps: { config: Config; store: VectorStore; queue: IngestQueue; log: Logger }): Promise<string | undefined> {
  const { config, store, queue, log } = deps;
  if (!config.autoIngest) return undefined;
  const collection = await store.describeCollection(config.collection);
  if (collection && collection.points > 0) return undefined;
  const jobId = await queue.enqueue(
    {
      source: config.datasetUrl,
      origin: 'operator',
      model: config.embeddingModel,
      collection: buildCollectionName(config.collection, config.embeddingModel),
      activateAlias: config.collection,
      // The environment's column mapping, format and delimiter (COLUMN_*, SOURCE_FORMAT, CSV_DELIMITER), if any.
      ...config.ingest.source,
      batchSize: config.ingest.batchSize,
      lengthWindow: config.ingest.lengthWindow,
    },
    { jobId: autoIngestJobId(config.collection) },
  );
  log.info({ jobId, source: config.datasetUrl, model: config.embeddingModel }, `collection '${config.collection}' is empty: ingesting the dataset (GET /ingest/${jobId})`);
  return jobId;
}

/** The fixed job id of an alias's automatic ingest. */
export function autoIngestJobId(alias: string): string {
  return `auto-ingest-${alias}`;
}

/**
 * Why the live collection does not exist yet, when its automatic ingest can
 * say: failed (with its reason) or still running (with how far it is).
 * Undefined for any other name, or when there was no automatic ingest.
 */
export function missingCollectionReason(deps: { config: Config; queue: IngestQueue }) {
  return async (name: string): Promise<string | undefined> => {
    if (name !== deps.config.collection || !deps.config.autoIngest) return undefined;
    const status = await deps.queue.status(autoIngestJobId(name)).catch(() => undefined);
    if (!status) return undefined;
    const source = status.request.source;
    if (status.state === 'failed') {
      return `the automatic ingest of ${source} failed: ${status.failedReason}; ingest a CSV yourself (POST /ingest, or pnpm ingest <file>), or fix DATASET_URL or EMBEDDING_MODEL and restart`;
    }
    if (status.state === 'completed') return undefined;
    return `the automatic ingest of ${source} is ${status.state} (${status.progress.percent}% read; GET /ingest/${status.jobId}): search again when it completes`;
  };
}
