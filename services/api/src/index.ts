export { createApp, type AppDeps, type ReviewSearchApp } from './app';
export { autoIngest } from './auto-ingest';
export { searchReviews } from './search.service';
export { queueDashboard } from './queue-dashboard';
export { API_VERSION, openApiDocument } from './http/openapi';
export { OPERATIONS, type Operation } from './http/operations';
export { answerClientErrors } from './http/client-errors';
export { checkIngestSource, type SourceCheckOptions } from './http/source-guard';
