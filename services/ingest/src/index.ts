export { startIngestWorkers, type IngestWorkerDeps, type IngestWorkers } from './ingest.worker';
export { ingestSource, WAITING_FOR_BATCHES, type SourceJobContext, type SourceHandlerDeps } from './ingest-source.handler';
export { embedBatch } from './embed-batch.handler';
export { activateBuild, decideActivation, type BuildCalibrator } from './build-activation';
export { pruneBuilds } from './kept-builds';
export { clearFailedBuild } from './failed-builds';
