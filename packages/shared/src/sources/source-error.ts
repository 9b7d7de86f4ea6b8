import { ReviewSearchError, UnavailableError } from '../errors';

/** The source cannot be read as a reviews CSV: retrying will not help. */
export class IngestSourceError extends ReviewSearchError {
  override readonly status = 422;
}

/**
 * The source cannot be reached now, or stopped part-way (its connection broke,
 * or it sent nothing for the idle timeout): a later attempt may succeed, so the
 * ingest is retried.
 */
export class SourceUnavailableError extends UnavailableError {}

/** The source is one this ingest may not read: outside SOURCES_DIR, a refused address or scheme. Not retried. */
export class SourceRefusedError extends IngestSourceError {}
