import express from 'express';
import { loadEmbedder, type Config, type IngestQueue, type Logger, type VectorStore } from '@review-search/shared';
import { collectionEmbedders } from './collection-embedders';
import { errorHandler, notFound } from './http/error-handler';
import { healthRoutes } from './routes/health.routes';
import { ingestRoutes } from './routes/ingest.routes';
import { searchRoutes } from './routes/search.routes';

export interface AppDeps {
  config: Config;
  store: VectorStore;
  queue: IngestQueue;
  log: Logger;
}

/** The HTTP API, built from its dependencies (no I/O happens here). */
export function createApp({ config, store, queue, log }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  const embedderFor = collectionEmbedders(store, { cacheDir: config.modelCacheDir });
  app.use(
    healthRoutes({
      qdrant: () => store.ping(),
      redis: () => queue.ping(),
      model: async () => void (await loadEmbedder(config.embeddingModel, { cacheDir: config.modelCacheDir })),
    }),
  );
  app.use(searchRoutes({ store, embedderFor, collection: config.collection }));
  app.use(ingestRoutes({ queue, config }));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
