import path from 'node:path';
import express from 'express';
import { loadEmbedder, modelOptions, type Config, type IngestQueue, type Logger, type VectorStore } from '@review-search/shared';
import { collectionModels } from './collection-models';
import { errorHandler, notFound } from './http/error-handler';
import { projections } from './projection/projection.service';
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
}

/** The web page's files, served at `/`. */
const PUBLIC_DIR = path.resolve(__dirname, '../public');

/** The HTTP API and the web page, built from their dependencies (no I/O happens here). */
export function createApp({ config, store, queue, log }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  const embedderOptions = modelOptions(config);
  const models = collectionModels(store, embedderOptions);
  const collection = config.collection;
  app.use(
    healthRoutes({
      qdrant: () => store.ping(),
      redis: () => queue.ping(),
      model: async () => void (await loadEmbedder(config.embeddingModel, embedderOptions)),
    }),
  );
  app.use(searchRoutes({ store, models, collection }));
  app.use(searchCompareRoutes({ store, models, collection }));
  app.use(reviewsRoutes({ store, models, collection }));
  app.use(similarityRoutes({ store, models, baseline: similarityBaseline(store), collection }));
  app.use(projectionRoutes({ collection, models, project: projections({ store, models }) }));
  app.use(collectionsRoutes({ store, alias: collection }));
  app.use(exportRoutes({ store, models }));
  app.use(generationRoutes(config));
  app.use(summarizeRoutes({ store, models, config, collection }));
  app.use(ingestRoutes({ queue, config }));
  app.use(express.static(PUBLIC_DIR, { maxAge: '1h', index: 'index.html' }));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
