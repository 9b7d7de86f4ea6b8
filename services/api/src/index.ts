export { API_VERSION, createApp, type AppDeps, type ReviewSearchApp } from './app';
export { autoIngest } from './auto-ingest';
export { searchReviews } from './search.service';
export { queueDashboard } from './queue-dashboard';
export { OPERATIONS, openApiDocument } from './http/openapi';
export { answerClientErrors } from './http/client-errors';
export { checkIngestSource, type SourceCheckOptions } from './http/source-guard';
