/**
 * `pnpm bench:source-memory [--rows N]`: the ingest worker's memory while it
 * reads a JSON Lines source of N rows (default 100,000) against one of a tenth
 * of that, side by side in one run: flat memory means the large source's peak
 * is the small one's, whatever the rows. Rows are derived from the corpus
 * (copy k of a review has its reviewer id and text marked with k) under other
 * column names, read with a mapping. Vectors come from an OpenAI-format API on
 * loopback (384 dimensions), so the run measures the reader and the pipeline,
 * not a model. The worker's resident memory (VmRSS) is sampled every 250 ms;
 * written to bench/source-memory-results.md.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BullmqIngestQueue, buildCollectionName, configEnvironment, startLocalQdrant, type Config, type Review } from '@review-search/shared';
import { corpusPath } from '../test/support/corpus';
import { startFakeOpenAiEmbeddings } from './src/fake-openai-embeddings';
import { FAKE_DIMENSION, FAKE_MODEL, pipelineBenchConfig } from './src/pipeline-bench-config';
import { corpusReviews, round } from './src/ingest-bench';
import { memoryMiB, ROOT, startService, stopService } from './src/processes';
import { deleteKeys } from './src/redis-keys';

const MAPPING = { text: ['comment'], title: 'headline', rating: 'stars', group: 'product', id: ['user', 'product'], date: 'posted' };

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

interface Run {
  rows: number;
  fileMiB: number;
  stored: number;
  seconds: number;
  /** Worker RSS before the ingest, its highest sample during it, and at each quarter of the rows read. */
  rssMiB: { before: number; peak: number; quarters: number[] };
}

async function main(): Promise<void> {
  const rows = argument('--rows', 100_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-source-bench-'));
  const prefix = `review-search-bench-${crypto.randomBytes(3).toString('hex')}`;
  const port = 7000 + 2 * Math.floor(Math.random() * 400);
  const qdrant = await startLocalQdrant({ storagePath: path.join(work, 'qdrant'), port, grpcPort: port + 1 });
  const embeddings = await startFakeOpenAiEmbeddings(FAKE_DIMENSION);
  const load1 = os.loadavg()[0]!;
  try {
    const reviews = await corpusReviews(await corpusPath());
    const config = pipelineBenchConfig({ qdrantUrl: qdrant.url, prefix, embeddingsUrl: embeddings.baseUrl, work });
    const runs: Run[] = [];
    for (const count of [Math.round(rows / 10), rows]) {
      const source = path.join(work, `derived-${count}.jsonl`);
      writeDerivedJsonLines(reviews, count, source);
      runs.push(await ingestWatched(config, source, count, work));
      console.log(JSON.stringify(runs.at(-1)));
    }
    const report = { runs, ratio: round(runs[1]!.rssMiB.peak / runs[0]!.rssMiB.peak, 2), load1: [round(load1, 2), round(os.loadavg()[0]!, 2)] };
    console.log(JSON.stringify(report, null, 2));
    writeReport(report);
  } finally {
    await embeddings.close();
    await qdrant.stop();
    await deleteKeys(prefix);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** One ingest by a fresh worker, its memory sampled while it runs. */
async function ingestWatched(config: Config, source: string, rows: number, work: string): Promise<Run> {
  const worker = startService('ingest', { ...configEnvironment(config), COLLECTION: 'bench', AUTO_INGEST: 'false' }, path.join(work, 'worker.log'));
  const queue = new BullmqIngestQueue(config.redisUrl, config.queuePrefix);
  try {
    await sleep(3000); // the worker's own start-up, before the baseline
    const before = memoryMiB(worker.pid!).rss;
    let peak = before;
    const quarters: number[] = [];
    const started = performance.now();
    const jobId = await queue.enqueue({
      source,
      origin: 'operator',
      model: FAKE_MODEL,
      collection: `${buildCollectionName('bench', FAKE_MODEL)}-${rows}`,
      mapping: MAPPING,
      batchSize: config.ingest.batchSize,
      lengthWindow: config.ingest.lengthWindow,
    });
    const deadline = Date.now() + 60 * 60_000;
    for (;;) {
      const rss = memoryMiB(worker.pid!).rss;
      peak = Math.max(peak, rss);
      const status = await queue.status(jobId);
      if (status?.state === 'failed') throw new Error(`ingest failed: ${status.failedReason}`);
      while (status && quarters.length < 4 && status.progress.read >= ((quarters.length + 1) * rows) / 4) quarters.push(rss);
      if (status?.state === 'completed') {
        return {
          rows,
          fileMiB: round(fs.statSync(source).size / 2 ** 20, 1),
          stored: status.result!.upserted,
          seconds: round((performance.now() - started) / 1000),
          rssMiB: { before, peak, quarters },
        };
      }
      if (Date.now() > deadline) throw new Error(`ingest ${jobId} did not finish within an hour (last state ${status?.state})`);
      await sleep(250);
    }
  } finally {
    await queue.close();
    await stopService(worker);
  }
}

/** The corpus, copied until `rows` rows, as JSON Lines under other names: copy k (k > 0) marks the user id and the text with k. */
function writeDerivedJsonLines(reviews: readonly Review[], rows: number, file: string): void {
  const out = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < rows; i += 1) {
      const review = reviews[i % reviews.length]!;
      const copy = Math.floor(i / reviews.length);
      const line = JSON.stringify({
        user: `${String(review.reviewerID)}${copy === 0 ? '' : `-${copy}`}`,
        product: review.asin,
        comment: `${review.reviewText}${copy === 0 ? '' : ` (copy ${copy})`}`,
        stars: review.overall,
        headline: review.summary,
        posted: review.unixReviewTime,
        helpful: review.helpful,
      });
      fs.writeSync(out, `${line}\n`);
    }
  } finally {
    fs.closeSync(out);
  }
}

function writeReport(report: { runs: Run[]; ratio: number; load1: number[] }): void {
  const file = path.join(ROOT, 'bench/source-memory-results.md');
  const heading =
    '# Ingest worker memory by source size (`pnpm bench:source-memory`)\n\n' +
    'Each run: two JSON Lines sources (a tenth, and all the rows), each ingested by a fresh ingest worker with a mapping; ' +
    `vectors of ${FAKE_DIMENSION} dimensions from an OpenAI-format API on loopback; the worker's resident memory sampled every 250 ms.\n\n`;
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').replace(heading, '') : '';
  const lines = report.runs.map(
    (r) =>
      `- ${r.rows.toLocaleString('en')} rows (${r.fileMiB} MiB): stored ${r.stored.toLocaleString('en')} in ${r.seconds} s; ` +
      `worker RSS ${r.rssMiB.before} MiB before, peak ${r.rssMiB.peak} MiB; at each quarter of the rows read: ${r.rssMiB.quarters.join(', ')} MiB`,
  );
  const entry =
    `## ${new Date().toISOString()}\n\n${lines.join('\n')}\n- peak of the large source / peak of the small one: **${report.ratio}**; ` +
    `load average (1 min) ${report.load1.join(' → ')}\n\n`;
  fs.writeFileSync(file, heading + entry + previous);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
