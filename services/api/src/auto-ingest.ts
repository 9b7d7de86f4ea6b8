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
      batchSize: config.ingest.batchSize,
      lengthWindow: config.ingest.lengthWindow,
    },
    { jobId: `auto-ingest-${config.collection}` },
  );
  log.info({ jobId, source: config.datasetUrl, model: config.embeddingModel }, `collection '${config.collection}' is empty: ingesting the dataset (GET /ingest/${jobId})`);
  return jobId;
}
