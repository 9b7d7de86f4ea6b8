/** The ingest worker process: `node services/ingest/dist/main.js`. Scale by running more of them. */
import {
  checkQdrant,
  checkRedis,
  createLogger,
  errorMessage,
  loadConfig,
  qdrantStore,
  qdrantUrl,
} from '@review-search/shared';
import { startIngestWorkers } from './ingest.worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('ingest', config.logLevel);
  const store = qdrantStore(config);
  await checkRedis(config);
  await checkQdrant(config, store);
  const workers = startIngestWorkers(config, { store, log });
  log.info({ concurrency: config.ingest.concurrency, qdrant: qdrantUrl(config) }, 'ingest worker ready');
  const stop = async (signal: string) => {
    log.info({ signal }, 'ingest worker stopping');
    await workers.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`ingest worker: ${errorMessage(error)}`);
  process.exit(1);
});
