import { ReviewSearchError } from '@review-search/shared';

/** The source cannot be read as a reviews CSV: retrying will not help. */
export class IngestSourceError extends ReviewSearchError {
  override readonly status = 422;
}
