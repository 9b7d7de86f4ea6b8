export { startIngestWorkers, type IngestWorkerDeps, type IngestWorkers } from './ingest.worker';
export { ingestSource, WAITING_FOR_BATCHES, type SourceJobContext, type SourceHandlerDeps } from './ingest-source.handler';
export { embedBatch } from './embed-batch.handler';
export { openSource } from './source/open-source';
export { readCsvRecords } from './source/review-records';
export { IngestSourceError, SourceRefusedError, SourceUnavailableError } from './source/source-error';
export { decideActivation, type BuildCalibrator } from './build-activation';
