import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api-types';

/** The API's routes, typed by the OpenAPI document it serves: `client.POST('/search', { body })`. */
export type ReviewSearchClient = Client<paths>;

export interface ReviewSearchClientOptions {
  /** Where the API answers, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** Sent as `X-API-Key` on every request: the routes that change data need it when the service sets API_KEY. */
  apiKey?: string;
  /** The fetch to send requests with (a proxy's, a test's); the global one by default. */
  fetch?: typeof globalThis.fetch;
  /** Headers sent on every request. */
  headers?: Record<string, string>;
  /** How long one request may take before it is aborted (a `TimeoutError`). Default 60 seconds. */
  timeoutMs?: number;
}

/** A client for the review search API: openapi-fetch's, typed by the generated `paths`. */
export function createReviewSearchClient({
  baseUrl,
  apiKey,
  fetch = globalThis.fetch,
  headers = {},
  timeoutMs = 60_000,
}: ReviewSearchClientOptions): ReviewSearchClient {
  return createClient<paths>({
    baseUrl,
    headers: apiKey === undefined ? headers : { ...headers, 'X-API-Key': apiKey },
    // Each request gets its own deadline, on top of any signal the caller gave it.
    fetch: (request: Request) => fetch(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) }),
  });
}
