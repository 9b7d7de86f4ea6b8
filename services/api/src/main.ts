/** The API process: `node services/api/dist/main.js`. */
import type { Server } from 'node:http';
import {
  BullmqIngestQueue,
  checkQdrant,
  checkRedis,
  createLogger,
  errorMessage,
  loadConfig,
  loadEmbedder,
  modelOptions,
  qdrantStore,
  qdrantUrl,
} from '@review-search/shared';
import { createApp } from './app';
import { autoIngest } from './auto-ingest';
import { answerClientErrors } from './http/client-errors';
import { queueDashboard } from './queue-dashboard';
import { ensureSourcesFolder } from './sources-folder';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('api', config.logLevel);
  const store = qdrantStore(config);
  await checkRedis(config);
  await checkQdrant(config, store);
  await ensureSourcesFolder(config, log);
  const queue = new BullmqIngestQueue(config.redisUrl, config.queuePrefix);
  const dashboard = queueDashboard(config.redisUrl, config.queuePrefix);
  const app = createApp({ config, store, queue, log, queueDashboard: dashboard.router });
  const server: Server = app.listen(config.port, config.host);
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  log.info({ port: config.port, qdrant: qdrantUrl(config), model: config.embeddingModel }, `review search API on http://localhost:${config.port}`);
  // Warm the query model so the first search does not pay for loading it.
  loadEmbedder(config.embeddingModel, modelOptions(config, 'api')).then(
    () => log.info({ model: config.embeddingModel }, 'embedding model ready'),
    (error: unknown) => log.error({ model: config.embeddingModel, err: errorMessage(error) }, 'embedding model failed to load'),
  );
  await autoIngest({ config, store, queue, log });
  const stop = (signal: string) => {
    log.info({ signal }, 'API stopping');
    server.close(() => void Promise.all([app.close(), queue.close(), dashboard.close()]).finally(() => process.exit(0)));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`api: ${errorMessage(error)}`);
  process.exit(1);
});
