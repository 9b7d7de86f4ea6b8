/**
 * `pnpm bench:load [--limit N] [--seconds S]`: sustained search load against the
 * API process: 32 connections, each request a different query (review titles),
 * after a warm-up (until the API's memory peak stops rising); errors, requests/s, p50/p99 and the API's memory over
 * the run, written to bench/load-results.md. The same measurement, with its
 * limits asserted, is the fault suite's sustained-load test.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configEnvironment, loadConfig, startLocalQdrant, type LocalQdrant } from '@review-search/shared';
import { titleQueries } from '../services/api/src/eval/title-queries';
import { corpusPath } from '../test/support/corpus';
import { sustainedSearchLoad } from '../test/support/sustained-load';
import { ourPipeline } from './src/ingest-bench';
import { ROOT, startService, stopService, waitForHttp } from './src/processes';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const LIMIT = option('limit', 2000);
const SECONDS = option('seconds', 60);
const CONNECTIONS = 32;

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-load-'));
  const log = path.join(work, 'services.log');
  const port = 7000 + 2 * Math.floor(Math.random() * 400);
  const apiPort = 3900 + Math.floor(Math.random() * 90);
  let qdrant: LocalQdrant | undefined;
  const loadAtStart = os.loadavg()[0]!;
  try {
    qdrant = await startLocalQdrant({ storagePath: path.join(work, 'qdrant'), port, grpcPort: port + 1 });
    const config = loadConfig({
      ...process.env,
      QDRANT_URL: qdrant.url,
      QUEUE_PREFIX: `review-search-load-${crypto.randomBytes(3).toString('hex')}`,
      COLLECTION: 'load',
      EMBEDDING_MODEL: 'use-lite',
      AUTO_INGEST: 'false',
      DATA_DIR: work,
      LOG_LEVEL: 'warn',
    });
    const env = { ...configEnvironment(config), COLLECTION: 'load', AUTO_INGEST: 'false', PORT: String(apiPort), RATE_LIMIT_SEARCH: '100000000' };
    const corpus = await corpusPath();
    const ingested = await ourPipeline(config, env, corpus, LIMIT, log);
    console.log(`${ingested.reviews} reviews stored`);
    const queries = [...new Set((await titleQueries(corpus)).map((q) => q.query))];
    const api = startService('api', env, log);
    try {
      const baseUrl = `http://127.0.0.1:${apiPort}`;
      await waitForHttp(`${baseUrl}/readyz`);
      const rssMiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      const figures = await sustainedSearchLoad({ baseUrl, queries, connections: CONNECTIONS, seconds: SECONDS, rssMiB });
      console.log(figures);
      const errors = figures.errors.connection + figures.errors.timeouts + figures.errors.non2xx + figures.errors.warmup;
      const lines = [
        '# Sustained search load',
        '',
        `Run: \`pnpm bench:load --limit ${LIMIT} --seconds ${SECONDS}\` on ${new Date().toISOString().slice(0, 16)}Z; ` +
          `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, Qdrant 1.16.3, use-lite. ` +
          `Load average ${loadAtStart.toFixed(2)} at the start, ${os.loadavg()[0]!.toFixed(2)} at the end: other work on the machine moves the latencies.`,
        '',
        `${ingested.reviews} reviews; \`POST /search\` (limit 10) at ${CONNECTIONS} connections for ${SECONDS} s after a warm-up of ${figures.warmupRequests.toLocaleString('en-US')} requests (until the API's memory peak stopped rising), ` +
          `each request a different query (${queries.length.toLocaleString('en-US')} distinct review titles).`,
        '',
        '| requests | requests/s | p50 ms | p99 ms | errors | API RSS peak: warm-up | run | growth |',
        '|---|---|---|---|---|---|---|---|',
        `| ${figures.requests} | ${figures.requestsPerSecond} | ${figures.p50} | ${figures.p99} | ${errors} | ${figures.rss.warmupPeak} MiB | ${figures.rss.runPeak} MiB | ${Math.round(figures.rssGrowth * 1000) / 10}% |`,
        '',
      ];
      fs.writeFileSync(path.join(ROOT, 'bench/load-results.md'), lines.join('\n'));
      console.log(lines.join('\n'));
    } finally {
      await stopService(api);
    }
  } finally {
    await qdrant?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
