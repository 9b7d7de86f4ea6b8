export { createReviewSearchClient, type ReviewSearchClient, type ReviewSearchClientOptions } from './client';
export { followIngest, type FollowIngestOptions, type IngestJobStatus } from './follow-ingest';
export { IngestDeadlineError, ReviewSearchApiError } from './errors';
export type { components, operations, paths } from './api-types';
