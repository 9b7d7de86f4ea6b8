import type { RequestHandler, Router } from 'express';
import { Router as createRouter } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EmbeddingCacheStats, IngestQueue } from '@review-search/shared';
import type { ProjectionPoolStats } from '../projection/projection-pool';
import type { QueryVectorCacheStats } from '../query-vector-cache';

export interface Metrics {
  /** Times each request by method, route pattern and status. */
  requests: RequestHandler;
  /** Records how long embedding a query took (the model's time: a query from the cache is not observed). */
  observeEmbedding(model: string, seconds: number): void;
  /** `GET /metrics` in the Prometheus text format. */
  router: Router;
}

/** Prometheus metrics of the API (prom-client): request latency, query embedding latency, the query cache, queue depths, ingest rate, projection pool. */
export function createMetrics(
  queue: IngestQueue,
  projections: () => ProjectionPoolStats,
  queryCache: () => QueryVectorCacheStats,
  embeddingCache: () => Promise<EmbeddingCacheStats>,
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'review_search_' });
  const latency = new Histogram({
    name: 'review_search_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const embedding = new Histogram({
    name: 'review_search_query_embedding_seconds',
    help: 'Time to embed a query',
    labelNames: ['model'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  queryCacheMetrics(registry, queryCache);
  embeddingCacheMetrics(registry, embeddingCache);
  new Gauge({
    name: 'review_search_queue_jobs',
    help: 'Ingest jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const depths = await queue.depths().catch(() => ({}));
      for (const [name, states] of Object.entries(depths)) {
        for (const [state, count] of Object.entries(states)) this.set({ queue: name, state }, count);
      }
    },
  });
  new Gauge({
    name: 'review_search_ingest_reviews_per_second',
    help: 'Reviews stored per second, summed over running ingests',
    registers: [registry],
    async collect() {
      this.set(await queue.ingestRate().catch(() => 0));
    },
  });
  const pool: [keyof ProjectionPoolStats, string][] = [
    ['threads', 'Projection threads alive'],
    ['peakThreads', 'Most projection threads alive at once since start'],
    ['inFlight', 'Projections sampling, waiting for a thread or running'],
    ['refused', 'Projections refused (503) because the pool was full'],
    ['completed', 'Projections the pool threads finished computing'],
  ];
  for (const [stat, help] of pool) {
    new Gauge({
      name: `review_search_projection_${stat.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
      help,
      registers: [registry],
      collect() {
        this.set(projections()[stat]);
      },
    });
  }
  const router = createRouter();
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return {
    requests: (req, res, next) => {
      const end = latency.startTimer({ method: req.method });
      res.once('finish', () => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ route, status: String(res.statusCode) });
      });
      next();
    },
    observeEmbedding: (model, seconds) => embedding.observe({ model }, seconds),
    router,
  };
}

/** The query cache's own counts, read at each scrape (the cache keeps them). */
function queryCacheMetrics(registry: Registry, stats: () => QueryVectorCacheStats): void {
  const counters: ['hits' | 'misses', string][] = [
    ['hits', 'Query embeddings answered from the query cache'],
    ['misses', 'Cacheable queries the cache did not hold (embedded by the model)'],
  ];
  for (const [stat, help] of counters) {
    new Counter({
      name: `review_search_query_cache_${stat}_total`,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(stats()[stat]);
      },
    });
  }
  new Gauge({
    name: 'review_search_query_cache_entries',
    help: 'Query vectors held by the query cache',
    registers: [registry],
    collect() {
      this.set(stats().entries);
    },
  });
  new Gauge({
    name: 'review_search_query_cache_hit_ratio',
    help: 'Query cache hits over lookups since start (0 before the first)',
    registers: [registry],
    collect() {
      this.set(stats().hitRate);
    },
  });
}

/** The ingest's embedding cache in Redis, read at each scrape (absent while Redis does not answer). */
function embeddingCacheMetrics(registry: Registry, stats: () => Promise<EmbeddingCacheStats>): void {
  const gauges: [keyof EmbeddingCacheStats, string, string][] = [
    ['entries', 'entries', 'Vectors held by the embedding cache'],
    ['bytes', 'bytes', 'Bytes the embedding cache is counted to take in Redis'],
    ['maxBytes', 'max_bytes', 'Bound of the embedding cache (EMBEDDING_CACHE_MAX_MB)'],
  ];
  for (const [stat, name, help] of gauges) {
    new Gauge({
      name: `review_search_embedding_cache_${name}`,
      help,
      registers: [registry],
      async collect() {
        const read = await stats().catch(() => undefined);
        if (read) this.set(read[stat]);
        else this.reset();
      },
    });
  }
}
