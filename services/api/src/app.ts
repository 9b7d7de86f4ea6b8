import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cors from 'cors';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { assertConfiguredModelForms, loadEmbedder, modelOptions, qdrantSnapshots, type Config, type IngestQueue, type Logger, type VectorStore } from '@review-search/shared';
import { collectionModels } from './collection-models';
import { apiKeyCheck, requireApiKey } from './http/api-key';
import { requireDashboardLogin } from './http/dashboard-login';
import { errorHandler, notFound } from './http/error-handler';
import { createMetrics } from './http/metrics';
import { embeddingCacheReader } from './embedding-cache-reader';
import { missingCollectionReason } from './auto-ingest';
import { JSON_BODY_LIMIT, requireJsonBody } from './http/json-body';
import { openApiDocument } from './http/openapi';
import { OPERATIONS } from './http/operations';
import { rateLimits } from './http/rate-limits';
import { projectionPool } from './projection/projection-pool';
import { projections } from './projection/projection.service';
import { queryVectorCache } from './query-vector-cache';
import { collectionsRoutes } from './routes/collections.routes';
import { exportRoutes } from './routes/export.routes';
import { generationRoutes } from './routes/generation.routes';
import { healthRoutes } from './routes/health.routes';
import { ingestRoutes } from './routes/ingest.routes';
import { projectionRoutes } from './routes/projection.routes';
import { reviewsRoutes } from './routes/reviews.routes';
import { searchCompareRoutes } from './routes/search-compare.routes';
import { searchRoutes } from './routes/search.routes';
import { similarityRoutes } from './routes/similarity.routes';
import { summarizeRoutes } from './routes/summarize.routes';
import { similarityBaseline } from './similarity-baseline';

export interface AppDeps {
  config: Config;
  store: VectorStore;
  queue: IngestQueue;
  log: Logger;
  /** The queue dashboard, mounted at /admin/queues behind the API key. */
  queueDashboard?: Router;
}

/** The app, and how to release what it holds (projection threads, the rate limits' Redis connection) once its server has closed. */
export type ReviewSearchApp = express.Express & { close(): Promise<void> };

/** The web page's files, served at `/`. */
const PUBLIC_DIR = path.resolve(__dirname, '../public');
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The HTTP API and the web page, built from their dependencies. It connects
 * to Redis for the rate limits and starts projection threads on demand: call
 * `close()` after its server has closed.
 */
export function createApp({ config, store, queue, log, queueDashboard }: AppDeps): ReviewSearchApp {
  // A configuration it cannot start with fails before any connection is made (none is left open behind the error).
  assertConfiguredModelForms(config);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.security.trustProxy);
  const pool = projectionPool(config.projection);
  const limits = rateLimits({ redisUrl: config.redisUrl, prefix: config.queuePrefix, log });
  const queries = queryVectorCache(config.queryCache);
  const embeddingCache = embeddingCacheReader(config);
  const metrics = createMetrics(queue, pool.stats, queries.stats, () => embeddingCache.stats());
  app.use(metrics.requests);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  app.use(helmet());
  if (config.security.corsOrigins.length > 0) {
    app.use(cors({ origin: config.security.corsOrigins.includes('*') ? '*' : config.security.corsOrigins }));
  }

  const embedderOptions = modelOptions(config, 'api');
  const models = collectionModels(store, config, metrics.observeEmbedding, queries, missingCollectionReason({ config, queue }));
  const collection = config.collection;
  const apiKey = requireApiKey(config.security.apiKey);
  const key = apiKeyCheck(config.security.apiKey);
  const searchLimit = limits.perMinute(config.security.searchPerMinute, 'search');
  const generateLimit = limits.perMinute(config.security.generatePerMinute, 'generation');
  const exploreLimit = limits.perMinute(config.security.explorePerMinute, 'explore');
  app.post('/ingest', apiKey);
  app.get('/ingest/:jobId', apiKey);
  app.post('/collections/:name/activate', apiKey);
  app.delete('/collections/:name', apiKey);
  app.post('/collections/:name/snapshots', apiKey);
  app.get('/collections/:name/snapshots', apiKey);
  if (!config.security.publicExport) app.get('/collections/:name/export', apiKey);
  app.get('/collections/:name/export', exploreLimit);
  app.use(['/search', '/search/compare'], searchLimit);
  app.use(['/generate', '/summarize'], generateLimit);
  app.use('/similarity', exploreLimit);
  app.get('/projection', exploreLimit);
  app.get('/projection.svg', exploreLimit);
  // Bodies are read only once the key and the rate limits have let the request through.
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(requireJsonBody(OPERATIONS.filter((op) => op.body).map((op) => op.path)));

  app.use(metrics.router);
  app.use(
    healthRoutes(
      {
        qdrant: () => store.ping(),
        redis: () => queue.ping(),
        model: async () => void (await loadEmbedder(config.embeddingModel, embedderOptions)),
      },
      // Without a key the service is meant for local use, and shows everything.
      (req) => !key.configured || key.given(req),
    ),
  );
  const document = openApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'review search API' }));
  if (queueDashboard) app.use('/admin/queues', requireDashboardLogin(config.security.apiKey), queueDashboard);
  app.use(searchRoutes({ store, models, collection }));
  app.use(searchCompareRoutes({ store, models, collection }));
  app.use(reviewsRoutes({ store, models, collection }));
  app.use(similarityRoutes({ store, models, baseline: similarityBaseline(store), collection }));
  app.use(projectionRoutes({ collection, models, project: projections({ store, models, pool }) }));
  app.use(collectionsRoutes({ store, alias: collection, snapshots: qdrantSnapshots(config) }));
  app.use(exportRoutes({ store, models, alias: collection }));
  app.use(generationRoutes(config));
  app.use(summarizeRoutes({ store, models, config, collection, log }));
  app.use(ingestRoutes({ queue, config, store }));
  app.use(express.static(PUBLIC_DIR, { maxAge: '1h', index: 'index.html' }));
  app.use(notFound);
  app.use(errorHandler(log));
  return Object.assign(app, {
    async close() {
      await Promise.all([pool.close(), limits.close(), embeddingCache.close()]);
    },
  });
}
