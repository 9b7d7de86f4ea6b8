/**
 * The error family of review search. Each carries the HTTP status it maps to,
 * so one error handler can answer every route the same way.
 */
export class ReviewSearchError extends Error {
  readonly status: number = 500;
  readonly details?: unknown;

  constructor(message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The caller sent something we cannot use (400). */
export class InputError extends ReviewSearchError {
  override readonly status = 400;
}

/** What the caller asked for does not exist (404). */
export class NotFoundError extends ReviewSearchError {
  override readonly status = 404;
}

/** The caller may not do this here, whatever the key (403): e.g. touch another alias's collections. */
export class ForbiddenError extends ReviewSearchError {
  override readonly status = 403;
}

/** The request conflicts with what is stored (409). */
export class ConflictError extends ReviewSearchError {
  override readonly status = 409;
}

/** A collection and an embedding model disagree on the vector size (409). */
export class DimensionMismatchError extends ConflictError {

  constructor(
    readonly collection: string,
    readonly collectionDimension: number,
    readonly model: string,
    readonly modelDimension: number,
  ) {
    super(
      `collection '${collection}' stores vectors of dimension ${collectionDimension}, ` +
        `but embedding model '${model}' produces dimension ${modelDimension}; ` +
        `ingest into another collection or use a model of dimension ${collectionDimension}`,
      { collection, collectionDimension, model, modelDimension },
    );
  }
}

/** A dependency (Qdrant, Redis, a model) cannot be reached or loaded (503). */
export class UnavailableError extends ReviewSearchError {
  override readonly status = 503;
}

/**
 * This process is at its bound for a heavy kind of work (local generations,
 * projections): the request was not queued. 503 with `Retry-After` (seconds).
 */
export class BusyError extends ReviewSearchError {
  override readonly status = 503;

  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message, { retryAfter });
  }
}

/** The environment holds values we cannot start with. */
export class ConfigError extends ReviewSearchError {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`, { problems });
  }
}

export function errorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}

/** A provider refused for now (429); `retryAfter` in seconds when it said. */
export class RateLimitedError extends ReviewSearchError {
  override readonly status = 429;

  constructor(
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message, retryAfter === undefined ? undefined : { retryAfter });
  }
}

/** A provider did not answer in time (504). */
export class UpstreamTimeoutError extends ReviewSearchError {
  override readonly status = 504;
}

/** A provider answered with an error or with something we cannot use (502). */
export class UpstreamError extends ReviewSearchError {
  override readonly status = 502;
}

/** An embedding model returned vectors that cannot be stored (wrong count or length, not finite): retrying will not help. */
export class InvalidEmbeddingError extends ReviewSearchError {
  override readonly status = 502;
}
