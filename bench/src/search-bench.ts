import autocannon from 'autocannon';
import { DEFAULT_FUSION, denseQuery, hybridSearch, sparseQuery, type Embedder, type VectorStore } from '@review-search/shared';
import { round } from './ingest-bench';

export interface LoadFigures {
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

/**
 * The bare cost of the default search, measured query by query: embedding the
 * query and the same hybrid query of Qdrant that `POST /search` makes (dense
 * and BM25 candidates, fused with the build's calibrated weights), called
 * directly: no HTTP, no validation, no service around it.
 */
export async function bareSearchCost(embedder: Embedder, store: VectorStore, collection: string, queries: readonly string[]) {
  const weights = (await store.describeCollection(collection))?.calibration?.weights ?? DEFAULT_FUSION;
  const times: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const [vector] = await embedder.embed([query], 'query');
    await hybridSearch(store, collection, embedder.model, { dense: denseQuery(vector!), sparse: sparseQuery(query) }, weights, { limit: 5 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: round(times[Math.floor(times.length / 2)]!, 2), p99: round(times[Math.floor(times.length * 0.99)]!, 2), queries: times.length };
}

/** `POST /search` under load with distinct queries (each request the next query), for `seconds`. */
export async function searchLoad(baseUrl: string, queries: readonly string[], connections: number, seconds: number): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url: `${baseUrl}/search`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/search',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: queries[next++ % queries.length], limit: 5 }) }),
      },
    ],
  });
  return {
    connections,
    requestsPerSecond: round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

