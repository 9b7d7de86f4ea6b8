import type { Config, IngestQueue, Logger, VectorStore } from '@review-search/shared';

/**
 * With an empty (or missing) live collection, enqueues the ingest of the
 * configured dataset. The job id is fixed per collection, so several API
 * replicas starting at once enqueue it once.
 */
export async function autoIngest(deps: { config: Config; store: VectorStore; queue: IngestQueue; log: Logger }): Promise<string | undefined> {
  const { config, store, queue, log } = deps;
  if (!config.autoIngest) return undefined;
  const collection = await store.describeCollection(config.collection);
  if (collection && collection.points > 0) return undefined;
  const jobId = await queue.enqueue(
    {
      source: config.datasetUrl,
      model: config.embeddingModel,
      collection: config.collection,
      batchSize: config.ingest.batchSize,
    },
    { jobId: `auto-ingest-${config.collection}` },
  );
  log.info({ jobId, source: config.datasetUrl, model: config.embeddingModel }, `collection '${config.collection}' is empty: ingesting the dataset (GET /ingest/${jobId})`);
  return jobId;
}
