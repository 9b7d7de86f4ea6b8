/**
 * `pnpm bench:search-stages [--limit N]`: where a search's time goes. The
 * same distinct queries (review titles), one at a time, alternately: the bare
 * cost in this process (query embedding + the same hybrid query of Qdrant)
 * and `POST /search` to the API process over HTTP with fetch, split into the
 * service's own time (`took_ms`: alias, embedding, Qdrant) and the rest
 * (HTTP, middleware, JSON). One client request at a time, so no load
 * generator competes for the cores.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configEnvironment,
  DEFAULT_FUSION,
  denseQuery,
  hybridSearch,
  loadConfig,
  loadEmbedder,
  qdrantStore,
  sparseQuery,
  startLocalQdrant,
} from '@review-search/shared';
import { titleQueries } from '../services/api/src/eval/title-queries';
import { corpusPath } from '../test/support/corpus';
import { ourPipeline, round } from './src/ingest-bench';
import { startService, stopService, waitForHttp } from './src/processes';
import { deleteKeys } from './src/redis-keys';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--limit');
  const limit = at > 0 ? Number(process.argv[at + 1]) : 2000;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-stages-'));
  const port = 7000 + 2 * Math.floor(Math.random() * 400);
  const qdrant = await startLocalQdrant({ storagePath: path.join(work, 'qdrant'), port, grpcPort: port + 1 });
  const apiPort = 3900 + Math.floor(Math.random() * 90);
  const load = [os.loadavg()[0]!];
  const prefix = `review-search-bench-${crypto.randomBytes(3).toString('hex')}`;
  try {
    const config = loadConfig({ ...process.env, QDRANT_URL: qdrant.url, QUEUE_PREFIX: prefix, COLLECTION: 'bench', EMBEDDING_MODEL: 'use-lite', AUTO_INGEST: 'false', DATA_DIR: work, LOG_LEVEL: 'warn' });
    const env = { ...configEnvironment(config), COLLECTION: 'bench', AUTO_INGEST: 'false', PORT: String(apiPort), RATE_LIMIT_SEARCH: '100000000' };
    const corpus = await corpusPath();
    const built = await ourPipeline(config, env, corpus, limit, path.join(work, 'services.log'));
    const store = qdrantStore(config);
    const weights = (await store.describeCollection(built.collection))?.calibration?.weights ?? DEFAULT_FUSION;
    const embedder = await loadEmbedder('use-lite', { cacheDir: config.modelCacheDir });
    await embedder.embed(['warm up'], 'query');
    const api = startService('api', env, path.join(work, 'services.log'));
    const queries = [...new Set((await titleQueries(corpus)).map((q) => q.query))].slice(0, 320);
    const bare: number[] = [];
    const total: number[] = [];
    const service: number[] = [];
    try {
      await waitForHttp(`http://127.0.0.1:${apiPort}/readyz`);
      await search(apiPort, 'warm up');
      for (const [i, query] of queries.entries()) {
        let started = performance.now();
        const [vector] = await embedder.embed([query], 'query');
        await hybridSearch(store, built.collection, 'use-lite', { dense: denseQuery(vector!), sparse: sparseQuery(query) }, weights, { limit: 5 });
        const bareMs = performance.now() - started;
        started = performance.now();
        const tookMs = await search(apiPort, query);
        const totalMs = performance.now() - started;
        if (i < 20) continue; // warm-up
        bare.push(bareMs);
        total.push(totalMs);
        service.push(tookMs);
      }
    } finally {
      await stopService(api);
    }
    load.push(os.loadavg()[0]!);
    const p50 = (values: number[]) => round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!, 2);
    const rest = total.map((t, i) => t - service[i]!);
    console.log(JSON.stringify({ points: built.reviews, queries: bare.length, p50: { bare: p50(bare), api: p50(total), apiService: p50(service), apiRest: p50(rest) }, ratio: round(p50(total) / p50(bare), 2), load1: load.map((l) => round(l, 2)) }, null, 2));
  } finally {
    await qdrant.stop();
    await deleteKeys(prefix);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function search(port: number, query: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, limit: 5 }) });
  if (!response.ok) throw new Error(`POST /search answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { took_ms: number }).took_ms;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
