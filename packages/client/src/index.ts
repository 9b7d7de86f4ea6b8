import type { components } from './api-types';

export { createReviewSearchClient, type ReviewSearchClient, type ReviewSearchClientOptions } from './client';
export { followIngest, type FollowIngestOptions, type IngestJobStatus } from './follow-ingest';
export { IngestDeadlineError, ReviewSearchApiError } from './errors';
export type { components, operations, paths } from './api-types';

/** The API's answers by name: `ApiSchemas['Review']`, `ApiSchemas['SearchAnswer']`, `ApiSchemas['Error']`. */
export type ApiSchemas = components['schemas'];
