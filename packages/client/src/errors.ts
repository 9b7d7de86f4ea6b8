/** An answer of the API that is not what was asked for: a non-2xx status, or a body the client cannot read. */
export class ReviewSearchApiError extends Error {
  override readonly name = 'ReviewSearchApiError';

  constructor(
    /** The route as the API documents it, e.g. `GET /ingest/{jobId}`. */
    readonly route: string,
    readonly status: number,
    /** The answer's body: `{error, details}` for the API's own errors. */
    readonly body: unknown,
    reason = errorText(body),
  ) {
    super(`${route} answered ${status}: ${reason}`);
  }
}

/** An ingest that was neither completed nor failed when the caller's deadline passed. */
export class IngestDeadlineError extends Error {
  override readonly name = 'IngestDeadlineError';

  constructor(
    readonly jobId: string,
    /** The job's state at the last look (`waiting`, `reading`, `embedding`, ...). */
    readonly lastState: string,
    readonly deadlineMs: number,
  ) {
    super(`ingest ${jobId} neither completed nor failed within ${deadlineMs} ms (last state: ${lastState})`);
  }
}

/** The `error` of the API's `{error, details}`, or the body as it came. */
function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') return body.error;
  return typeof body === 'string' && body !== '' ? body : 'no error message';
}
