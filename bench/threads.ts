/**
 * `npx tsx bench/threads.ts [reviews] [--queries]` (after `pnpm build`; `--queries`: the query runs only): the transformers.js
 * embedding path on the MiniLM-shaped random model (bench/src/minilm-random.ts:
 * real architecture and tokenizer, random weights), in forked processes:
 * - reviews (default 400 of the corpus, batches of INGEST_BATCH_SIZE 64) split
 *   over 1 or 2 processes side by side, with 1 or 2 intra-op threads each,
 *   fp32 and q8, window 256 (sentence_bert_config.json) and 512 (without it);
 * - queries (review titles) one at a time, and 8 at once, with 1 or 2 threads (each twice).
 * Prints reviews/s and query latencies, with the load average around each run:
 * the machine may be shared, so read the figures with it.
 */
import os from 'node:os';
import path from 'node:path';
import type { EmbeddingDtype } from '@review-search/shared';
import { corpusPath } from '../test/support/corpus';
import { embedSideBySide } from './src/embedding-processes';
import { corpusReviews } from './src/ingest-bench';
import { miniLmSourceAvailable, writeRandomMiniLm } from './src/minilm-random';
import { ROOT } from './src/processes';

const QUERIES_ONLY = process.argv.includes('--queries');
const REVIEWS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 400);
const QUERIES = 300;
const BATCH = 64;
const cacheDir = path.join(ROOT, '.cache/models');
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

async function reviewsPerSecond(model: string, texts: string[], processes: number, threads: number, dtype: EmbeddingDtype) {
  const batches = Array.from({ length: Math.ceil(texts.length / BATCH) }, (_, i) => texts.slice(i * BATCH, (i + 1) * BATCH));
  const share = (p: number) => batches.filter((_, i) => i % processes === p);
  const before = load();
  const { milliseconds, done } = await embedSideBySide(Array.from({ length: processes }, (_, p) => ({ model, cacheDir, dtype, threads, batches: share(p) })));
  const perSecond = (texts.length / milliseconds) * 1000;
  console.log(`| ${processes} x ${threads} | ${dtype} | ${done[0]!.maxTokens} | ${perSecond.toFixed(1)} | ${before} / ${load()} |`);
}

async function queryLatency(model: string, queries: string[], threads: number, concurrency: number) {
  const before = load();
  const { milliseconds, done } = await embedSideBySide([{ model, cacheDir, dtype: 'fp32', threads, queries, concurrency }]);
  const sorted = [...done[0]!.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  const perSecond = ((queries.length / milliseconds) * 1000).toFixed(1);
  console.log(`| ${threads} | ${concurrency} | ${at(0.5)} | ${at(0.95)} | ${perSecond} | ${before} / ${load()} |`);
}

async function main(): Promise<void> {
  if (!miniLmSourceAvailable()) throw new Error('the shared all-MiniLM-L6-v2 files are missing: see bench/src/minilm-random.ts');
  const reviews = (await corpusReviews(await corpusPath(), REVIEWS + 100)).slice(0, REVIEWS);
  const texts = reviews.map((review) => review.reviewText);
  const queries = reviews.map((review) => review.summary).filter(Boolean).slice(0, QUERIES);
  const window256 = path.join(ROOT, '.cache/bench-models/minilm-random-256');
  const window512 = path.join(ROOT, '.cache/bench-models/minilm-random-512');
  writeRandomMiniLm(window256, 1, { quantized: true, sentenceBertConfig: true });
  writeRandomMiniLm(window512, 1);
  console.log(`${texts.length} reviews, ${queries.length} queries; ${os.availableParallelism()} cores; load average (1, 5, 15 min) before / after each run`);
  if (!QUERIES_ONLY) {
    console.log('\n| processes x threads | dtype | window | reviews/s | load average |\n|---|---|---|---|---|');
    for (const [processes, threads] of [[1, 1], [1, 2], [2, 1], [2, 2]] as const) await reviewsPerSecond(window256, texts, processes, threads, 'fp32');
    for (const [processes, threads] of [[1, 2], [2, 1]] as const) await reviewsPerSecond(window256, texts, processes, threads, 'q8');
    await reviewsPerSecond(window512, texts, 2, 1, 'fp32');
  }
  console.log('\n| query threads | at once | p50 ms | p95 ms | queries/s | load average |\n|---|---|---|---|---|---|');
  for (const concurrency of [1, 8]) for (const threads of [1, 2, 1, 2]) await queryLatency(window256, queries, threads, concurrency);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
