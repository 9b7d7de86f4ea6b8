/**
 * `pnpm bench` (full corpus), `pnpm bench --quick` (first 2,000 rows, short
 * load runs) or `pnpm bench --limit N`: ingest and search speed, measured side by side in one run, and
 * written to bench/RESULTS.md with the machine, the versions and the command.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configEnvironment,
  loadConfig,
  loadEmbedder,
  qdrantStore,
  startLocalQdrant,
  type LocalQdrant,
  type Review,
} from '@review-search/shared';
import { titleQueries } from '../services/api/src/eval/title-queries';
import { corpusPath } from '../test/support/corpus';
import { bareEmbeddingInProcesses } from './src/embedding-processes';
import { bareEmbedding, corpusReviews, langChainPipeline, ourPipeline, round } from './src/ingest-bench';
import { miniLmSourceAvailable } from './src/minilm-random';
import { miniLmRows } from './src/minilm-rows';
import { peakRssMiB, startService, stopService, waitForHttp } from './src/processes';
import { writeResults } from './src/results-report';
import { bareSearchCost, searchLoad } from './src/search-bench';
import { deleteKeys } from './src/redis-keys';

const quick = process.argv.includes('--quick');
const limitAt = process.argv.indexOf('--limit');
/** `--limit N`: the first N rows only (a smoke run of the whole benchmark). */
const LIMIT = limitAt > 0 ? Number(process.argv[limitAt + 1]) : quick ? 2000 : undefined;
const LOAD_SECONDS = quick ? 5 : 20;
const API_PORT = 3900 + Math.floor(Math.random() * 90);

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-bench-'));
  const log = path.join(work, 'services.log');
  let qdrant: LocalQdrant | undefined;
  const prefix = `review-search-bench-${crypto.randomBytes(3).toString('hex')}`;
  const loadAtStart = os.loadavg()[0]!;
  const started = performance.now();
  try {
    let qdrantUrl = process.env.QDRANT_URL;
    if (!qdrantUrl) {
      const port = 7000 + 2 * Math.floor(Math.random() * 400);
      qdrant = await startLocalQdrant({ storagePath: path.join(work, 'qdrant'), port, grpcPort: port + 1 });
      qdrantUrl = qdrant.url;
    }
    const config = loadConfig({
      ...process.env,
      QDRANT_URL: qdrantUrl,
      QUEUE_PREFIX: prefix,
      COLLECTION: 'bench',
      EMBEDDING_MODEL: 'use-lite',
      AUTO_INGEST: 'false',
      DATA_DIR: work,
      LOG_LEVEL: 'warn',
    });
    const env = { ...configEnvironment(config), COLLECTION: 'bench', AUTO_INGEST: 'false', PORT: String(API_PORT), RATE_LIMIT_SEARCH: '100000000' };
    const corpus = await corpusPath();
    const reviews = await corpusReviews(corpus, LIMIT);
    console.log(`${reviews.length} reviews (${quick ? 'quick' : 'full'} run)`);

    const embedder = await loadEmbedder('use-lite', { cacheDir: config.modelCacheDir });
    await embedder.embed(['warm up']);
    const bare = await bareEmbedding(embedder, reviews);
    console.log('a. bare embedder', bare);
    const processes = config.ingest.concurrency;
    const bareProcesses = await bareEmbeddingInProcesses('use-lite', { cacheDir: config.modelCacheDir }, texts(reviews), processes);
    console.log(`a2. bare embedder in ${processes} processes`, bareProcesses);
    const ours = await ourPipeline(config, env, corpus, LIMIT, log);
    console.log('b. our pipeline', ours);
    const langchain = await langChainPipeline(embedder, reviews, qdrantUrl, `${prefix}-langchain`).catch((error: Error) => ({
      failed: error.message.split('\n')[0]!.slice(0, 200),
    }));
    console.log('c. LangChain.js', langchain);
    // d. The default model's architecture and tokenizer, random weights, same transformers.js path.
    const miniLm = miniLmSourceAvailable() ? await miniLmRows(reviews, config) : undefined;

    const store = qdrantStore(config);
    const queries = [...new Set((await titleQueries(corpus)).map((q) => q.query))];
    const bareSearch = await bareSearchCost(embedder, store, ours.collection, queries.slice(0, quick ? 100 : 300));
    console.log('bare search cost', bareSearch);
    const api = startService('api', env, log);
    let load;
    let apiMemory;
    try {
      await waitForHttp(`http://127.0.0.1:${API_PORT}/readyz`);
      load = [];
      for (const connections of [1, 8, 32]) {
        load.push(await searchLoad(`http://127.0.0.1:${API_PORT}`, queries.slice(connections * 50), connections, LOAD_SECONDS));
        console.log('load', load.at(-1));
      }
      apiMemory = peakRssMiB(api.pid!);
    } finally {
      await stopService(api);
    }
    const minutes = round((performance.now() - started) / 60_000);
    writeResults(['pnpm bench', ...process.argv.slice(2)].join(' '), { bare, bareProcesses, miniLm, ours, langchain, bareSearch, load, apiMemory, reviews: reviews.length, load1: [loadAtStart, os.loadavg()[0]!], minutes });
  } finally {
    if (qdrant) await qdrant.stop();
    await deleteKeys(prefix);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const texts = (reviews: readonly Review[]) => reviews.map((review) => review.reviewText);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
