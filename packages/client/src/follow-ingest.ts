import type { components } from './api-types';
import type { ReviewSearchClient } from './client';
import { IngestDeadlineError, ReviewSearchApiError } from './errors';

/** What `GET /ingest/{jobId}` answers: the job's state, progress and result. */
export type IngestJobStatus = components['schemas']['IngestStatus'];

export interface FollowIngestOptions {
  /** Time between two looks at the job. Default 500 ms. */
  intervalMs?: number;
  /** How long to follow the job before giving up with an `IngestDeadlineError`. Default 10 minutes. */
  deadlineMs?: number;
}

const ROUTE = 'GET /ingest/{jobId}';

/**
 * Looks at an ingest until it is `completed` or `failed`, and returns that
 * last status. Throws `IngestDeadlineError` (naming the job and its last
 * state) when `deadlineMs` passes first, and `ReviewSearchApiError` when the
 * API refuses to answer (an unknown job: 404; no API key: 401).
 */
export async function followIngest(
  client: ReviewSearchClient,
  jobId: string,
  { intervalMs = 500, deadlineMs = 600_000 }: FollowIngestOptions = {},
): Promise<IngestJobStatus> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const { data, error, response } = await client.GET('/ingest/{jobId}', { params: { path: { jobId } } });
    if (error !== undefined || !response.ok) throw new ReviewSearchApiError(ROUTE, response.status, error);
    const state = stateOf(data);
    if (state === undefined) throw new ReviewSearchApiError(ROUTE, response.status, data, 'a job status without a state');
    if (state === 'completed' || state === 'failed') return data;
    if (Date.now() + intervalMs > deadline) throw new IngestDeadlineError(jobId, state, deadlineMs);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function stateOf(status: unknown): string | undefined {
  if (typeof status !== 'object' || status === null || !('state' in status)) return undefined;
  return typeof status.state === 'string' ? status.state : undefined;
}
