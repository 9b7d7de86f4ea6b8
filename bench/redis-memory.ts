/**
 * `pnpm bench:redis [--rows N] [--cache-mb M]`: what Redis holds during and
 * after an ingest of N rows (default 100,000, derived from the corpus: copy k
 * of a review has its reviewer id and its text marked with k, so every text
 * is new to the embedding cache), through the ingest worker as it runs in
 * production. Vectors come from an OpenAI-format embeddings API on loopback
 * (384 dimensions, the default model's), so the run measures what the
 * pipeline keeps, not a model's speed. Redis's `used_memory` is sampled every
 * 500 ms against its value before the run; at the end, this run's keys are
 * counted and sized (MEMORY USAGE) by kind. Written to bench/redis-results.md.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { BullmqIngestQueue, buildCollectionName, configEnvironment, startLocalQdrant, type Review } from '@review-search/shared';
import { corpusPath } from '../test/support/corpus';
import { CSV_HEADER } from '../test/support/fixtures';
import { startFakeOpenAiEmbeddings } from './src/fake-openai-embeddings';
import { FAKE_DIMENSION, FAKE_MODEL, pipelineBenchConfig } from './src/pipeline-bench-config';
import { corpusReviews, round } from './src/ingest-bench';
import { ROOT, startService, stopService } from './src/processes';
import { deleteKeys } from './src/redis-keys';


function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const rows = argument('--rows', 100_000);
  const cacheMb = argument('--cache-mb', 256);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-redis-bench-'));
  const prefix = `review-search-bench-${crypto.randomBytes(3).toString('hex')}`;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const port = 7000 + 2 * Math.floor(Math.random() * 400);
  const qdrant = await startLocalQdrant({ storagePath: path.join(work, 'qdrant'), port, grpcPort: port + 1 });
  const embeddings = await startFakeOpenAiEmbeddings(FAKE_DIMENSION);
  const load1 = os.loadavg()[0]!;
  try {
    const source = path.join(work, 'derived.csv.gz');
    writeDerivedCsv(await corpusReviews(await corpusPath()), rows, source);
    const config = pipelineBenchConfig({ qdrantUrl: qdrant.url, prefix, embeddingsUrl: embeddings.baseUrl, work, env: { EMBEDDING_CACHE_MAX_MB: String(cacheMb) } });
    const before = await usedMemory(redis);
    const worker = startService('ingest', { ...configEnvironment(config), COLLECTION: 'bench', AUTO_INGEST: 'false' }, path.join(work, 'worker.log'));
    const queue = new BullmqIngestQueue(config.redisUrl, config.queuePrefix);
    let peak = before;
    let result;
    const started = performance.now();
    try {
      const jobId = await queue.enqueue({
        source,
        origin: 'operator',
        model: FAKE_MODEL,
        collection: buildCollectionName('bench', FAKE_MODEL),
        activateAlias: 'bench',
        batchSize: config.ingest.batchSize,
        lengthWindow: config.ingest.lengthWindow,
      });
      const deadline = Date.now() + 60 * 60_000;
      for (;;) {
        peak = Math.max(peak, await usedMemory(redis));
        const status = await queue.status(jobId);
        if (status?.state === 'failed') throw new Error(`ingest failed: ${status.failedReason}`);
        if (status?.state === 'completed') {
          result = status.result!;
          break;
        }
        if (Date.now() > deadline) throw new Error(`ingest ${jobId} did not finish within an hour (last state ${status?.state})`);
        await sleep(500);
      }
    } finally {
      await queue.close();
      await stopService(worker);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await usedMemory(redis);
    const keys = await keysByKind(redis, prefix);
    const report = {
      rows,
      cacheMb,
      stored: result.upserted,
      seconds: round(seconds),
      mib: { before: mib(before), peakAbove: mib(peak - before), afterAbove: mib(after - before) },
      keys,
      load1: [round(load1, 2), round(os.loadavg()[0]!, 2)],
    };
    console.log(JSON.stringify(report, null, 2));
    writeReport(report);
  } finally {
    await embeddings.close();
    await qdrant.stop();
    await deleteKeys(prefix);
    redis.disconnect();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The corpus, copied until `rows` rows: copy k (k > 0) marks the reviewer id and the text with k. */
function writeDerivedCsv(reviews: readonly Review[], rows: number, file: string): void {
  const quote = (value: unknown) => `"${String(value ?? '').replace(/"/g, '""')}"`;
  const lines = [CSV_HEADER];
  for (let i = 0; i < rows; i += 1) {
    const review = reviews[i % reviews.length]!;
    const copy = Math.floor(i / reviews.length);
    const mark = copy === 0 ? '' : ` (copy ${copy})`;
    lines.push(
      [
        quote(`${review.reviewerID}${copy === 0 ? '' : `-${copy}`}`),
        quote(review.asin),
        quote(review.reviewerName),
        quote(Array.isArray(review.helpful) ? `[${review.helpful.join(', ')}]` : ''),
        quote(`${review.reviewText}${mark}`),
        quote(review.overall),
        quote(review.summary),
        quote(review.unixReviewTime),
        quote(review.reviewTime),
      ].join(','),
    );
  }
  fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n'));
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}

/** This run's keys by kind, with what Redis says each kind takes. */
async function keysByKind(redis: Redis, prefix: string): Promise<Record<string, { keys: number; mib: number }>> {
  const kinds: Record<string, { keys: number; bytes: number }> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    const sizes = await Promise.all(keys.map((key) => redis.memory('USAGE', key)));
    keys.forEach((key, i) => {
      const kind = kindOf(key.slice(prefix.length + 1));
      kinds[kind] ??= { keys: 0, bytes: 0 };
      kinds[kind].keys += 1;
      kinds[kind].bytes += Number(sizes[i] ?? 0);
    });
    cursor = next;
  } while (cursor !== '0');
  return Object.fromEntries(Object.entries(kinds).map(([kind, { keys, bytes }]) => [kind, { keys, mib: mib(bytes) }]));
}

function kindOf(key: string): string {
  if (key.startsWith('embedding:')) return 'embedding cache entries';
  if (key.startsWith('embedding-')) return 'embedding cache index and counters';
  if (key.startsWith('ingest-batches:')) return 'batch queue';
  if (key.startsWith('ingest-sources:')) return 'source queue';
  return 'other';
}

const mib = (bytes: number) => round(bytes / 1024 / 1024);

function writeReport(report: Record<string, any>): void {
  const file = path.join(ROOT, 'bench/redis-results.md');
  const heading = '# Redis memory of an ingest (`pnpm bench:redis`)\n\n' +
    'Each run: an ingest of derived rows through the ingest worker (default settings but the cache bound), ' +
    `vectors of ${FAKE_DIMENSION} dimensions from an OpenAI-format API on loopback; Redis's used_memory above its value before the run, ` +
    'at its peak (sampled every 500 ms) and once the ingest completed; this run\'s keys after it, by kind (MEMORY USAGE).\n\n';
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').replace(heading, '') : '';
  const keys = Object.entries(report.keys as Record<string, { keys: number; mib: number }>)
    .map(([kind, k]) => `${kind}: ${k.keys.toLocaleString('en')} keys, ${k.mib} MiB`)
    .join('; ');
  const entry =
    `## ${new Date().toISOString()}: ${report.rows.toLocaleString('en')} rows, EMBEDDING_CACHE_MAX_MB=${report.cacheMb}\n\n` +
    `- stored ${report.stored.toLocaleString('en')} reviews in ${report.seconds} s; load average (1 min) ${report.load1.join(' → ')}\n` +
    `- used_memory before: ${report.mib.before} MiB; peak above it: ${report.mib.peakAbove} MiB; after, above it: ${report.mib.afterAbove} MiB\n` +
    `- keys after: ${keys || 'none'}\n\n`;
  fs.writeFileSync(file, heading + entry + previous);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
