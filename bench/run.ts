/**
 * `pnpm bench` (full corpus) or `pnpm bench --quick` (first 2,000 rows, short
 * load runs): ingest and search speed, measured side by side in one run, and
 * written to bench/RESULTS.md with the machine, the versions and the command.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import {
  configEnvironment,
  loadConfig,
  loadEmbedder,
  qdrantStore,
  startLocalQdrant,
  type LocalQdrant,
} from '@review-search/shared';
import { titleQueries } from '../services/api/src/eval/title-queries';
import { corpusPath } from '../test/support/corpus';
import { bareEmbedding, corpusReviews, LANGCHAIN_CHUNK, langChainPipeline, ourPipeline, round } from './src/ingest-bench';
import { GROWTH_RESULTS, GROWTH_TABLE_HEADING } from './src/growth-report';
import { peakRssMiB, ROOT, startService, stopService, waitForHttp } from './src/processes';
import { miniLmSourceAvailable, writeRandomMiniLm } from './src/minilm-random';
import { bareSearchCost, searchLoad } from './src/search-bench';

const quick = process.argv.includes('--quick');
const LIMIT = quick ? 2000 : undefined;
const LOAD_SECONDS = quick ? 5 : 20;
const API_PORT = 3900 + Math.floor(Math.random() * 90);

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-bench-'));
  const log = path.join(work, 'services.log');
  let qdrant: LocalQdrant | undefined;
  const prefix = `review-search-bench-${crypto.randomBytes(3).toString('hex')}`;
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
    // d. The default model's architecture and tokenizer, random weights, same transformers.js path.
    let miniLm: Awaited<ReturnType<typeof bareEmbedding>> | undefined;
    if (miniLmSourceAvailable()) {
      const directory = path.join(ROOT, '.cache/bench-models/all-MiniLM-L6-v2-random');
      writeRandomMiniLm(directory, 1, { sentenceBertConfig: true });
      const random = await loadEmbedder(directory, { cacheDir: config.modelCacheDir });
      await random.embed(['warm up']);
      miniLm = await bareEmbedding(random, reviews);
      console.log('d. MiniLM architecture, random weights', miniLm);
    }
    const ours = await ourPipeline(config, env, corpus, LIMIT, log);
    console.log('b. our pipeline', ours);
    const langchain = await langChainPipeline(embedder, reviews, qdrantUrl, `${prefix}-langchain`).catch((error: Error) => ({
      failed: error.message.split('\n')[0]!.slice(0, 200),
    }));
    console.log('c. LangChain.js', langchain);

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
    writeResults({ bare, miniLm, ours, langchain, bareSearch, load, apiMemory, reviews: reviews.length });
  } finally {
    if (qdrant) await qdrant.stop();
    await deleteKeys(prefix);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function writeResults(r: {
  bare: { perSecond: number; seconds: number };
  miniLm?: { perSecond: number; seconds: number };
  ours: { perSecond: number; seconds: number; memory: { self: number; children: number[] } };
  langchain: { perSecond: number; seconds: number } | { failed: string };
  bareSearch: { p50: number; p99: number; queries: number };
  load: { connections: number; requestsPerSecond: number; p50: number; p99: number; errors: number; requests: number }[];
  apiMemory: { self: number };
  reviews: number;
}) {
  const version = (name: string) => {
    try {
      const candidates = [path.join(ROOT, 'packages/shared/node_modules', name), path.join(ROOT, 'node_modules', name)];
      const dir = candidates.find((candidate) => fs.existsSync(path.join(candidate, 'package.json')))!;
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  const at = (c: number) => r.load.find((l) => l.connections === c)!;
  const lines = [
    '# Benchmarks',
    '',
    `Run: \`pnpm bench${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 16)}Z. Reproduce with the same command.`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; ` +
      `Node ${process.version}; Qdrant 1.16.3 (local binary); use-lite (@energetic-ai/embeddings ${version('@energetic-ai/embeddings')}); ` +
      `bullmq ${version('bullmq')}, @qdrant/js-client-rest ${version('@qdrant/js-client-rest')}, @langchain/qdrant ${version('@langchain/qdrant')}.`,
    '',
    `## Ingest (${r.reviews} reviews, use-lite, same machine, one run)`,
    '',
    '| pipeline | seconds | reviews/s |',
    '|---|---|---|',
    `| a. bare embedder, batches of 64, one process | ${r.bare.seconds} | ${r.bare.perSecond} |`,
    `| b. review search: BullMQ, sandboxed embedding (default INGEST_CONCURRENCY=2), upserts | ${round(r.ours.seconds)} | ${round(r.ours.perSecond)} |`,
    'failed' in r.langchain
      ? `| c. ${LANGCHAIN_LABEL} | failed: ${r.langchain.failed} | – |`
      : `| c. ${LANGCHAIN_LABEL} | ${r.langchain.seconds} | ${r.langchain.perSecond} |`,
    '',
    `Ratios: **b/a = ${round(r.ours.perSecond / r.bare.perSecond, 2)}** (bar 0.9), **b/c = ${'failed' in r.langchain ? 'n/a (c failed)' : round(r.ours.perSecond / r.langchain.perSecond, 2)}** (bar 1.5).`,
    '',
    r.miniLm
      ? `The default model's real speed: all-MiniLM-L6-v2's exact architecture (6 layers, 384 hidden, 12 heads) with its real tokenizer and random weights, through the same transformers.js path, batches of 64, one process: **${r.miniLm.perSecond} reviews/s** (${r.miniLm.seconds} s), against use-lite's ${r.bare.perSecond} (a). Speed only, never quality.`
      : 'The MiniLM-architecture measurement needs ../shared/models/all-MiniLM-L6-v2 (tokenizer and config files); it was not there.',
    '',
    `Peak memory (VmHWM) during b: worker ${r.ours.memory.self} MiB, its embedding processes ${r.ours.memory.children.join(' and ')} MiB.`,
    '',
    `## Search (POST /search, distinct queries: review titles; ${r.reviews} reviews)`,
    '',
    `Bare cost in the same run (query embedding + one direct Qdrant query, ${r.bareSearch.queries} queries one by one): p50 ${r.bareSearch.p50} ms, p99 ${r.bareSearch.p99} ms.`,
    '',
    '| connections | requests/s | p50 ms | p99 ms | errors | requests |',
    '|---|---|---|---|---|---|',
    ...r.load.map((l) => `| ${l.connections} | ${l.requestsPerSecond} | ${l.p50} | ${l.p99} | ${l.errors} | ${l.requests} |`),
    '',
    `Ratios: **p50 at 1 / bare p50 = ${round(at(1).p50 / r.bareSearch.p50, 2)}** (bar ≤ 1.2); ` +
      `**requests/s at 8 / at 1 = ${round(at(8).requestsPerSecond / at(1).requestsPerSecond, 2)}** (bar ≥ 1.7). ` +
      `API peak memory: ${r.apiMemory.self} MiB.`,
    '',
    ...growthSection(),
  ];
  const out = path.join(ROOT, 'bench/RESULTS.md');
  fs.writeFileSync(out, lines.join('\n'));
  console.log(lines.join('\n'));
}

const LANGCHAIN_LABEL = `LangChain.js: QdrantVectorStore.fromExistingCollection, addDocuments in chunks of ${LANGCHAIN_CHUNK.toLocaleString('en-US')}, same embedder (batches of 64)`;

/** The growth table of bench/growth-results.md (`pnpm bench:growth`, a separate run), when there is one. */
function growthSection(): string[] {
  if (!fs.existsSync(GROWTH_RESULTS)) return ['## Growth', '', 'Run `pnpm bench:growth` for search cost at 100k and 1M points.', ''];
  const text = fs.readFileSync(GROWTH_RESULTS, 'utf8');
  const run = /^Run: (.*)$/m.exec(text)?.[1] ?? '';
  const table = text.slice(text.indexOf(GROWTH_TABLE_HEADING) + GROWTH_TABLE_HEADING.length).split(/\n## /)[0]!.trim();
  return [
    '## Growth: 10k to 1M points (from [growth-results.md](growth-results.md))',
    '',
    `A separate run, with how the points are derived, build times and memory: ${run}`,
    '',
    table,
    '',
  ];
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
