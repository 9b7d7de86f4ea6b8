/**
 * `pnpm bench:minilm [--limit N]`: the d rows of `pnpm bench` alone (the
 * default model's architecture through transformers.js: file order at 512
 * tokens, length buckets at 256, and q8), on the full corpus unless limited,
 * with the load average before and after. For checking those rows on a quiet
 * machine without the hour the whole benchmark takes.
 */
import os from 'node:os';
import { loadConfig } from '@review-search/shared';
import { corpusPath } from '../test/support/corpus';
import { corpusReviews } from './src/ingest-bench';
import { miniLmRows } from './src/minilm-rows';
import { miniLmSourceAvailable } from './src/minilm-random';

async function main(): Promise<void> {
  if (!miniLmSourceAvailable()) throw new Error('the all-MiniLM-L6-v2 tokenizer and config files are missing (see bench/src/minilm-random.ts)');
  const at = process.argv.indexOf('--limit');
  const reviews = await corpusReviews(await corpusPath(), at > 0 ? Number(process.argv[at + 1]) : undefined);
  const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');
  console.log(`${reviews.length} reviews; load average (1, 5, 15 min) ${load()}`);
  const rows = await miniLmRows(reviews, loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
  console.log(`d'/d = ${(rows.bucketed.perSecond / rows.fileOrder.perSecond).toFixed(2)}; d''/d' = ${(rows.quantized.perSecond / rows.bucketed.perSecond).toFixed(2)}`);
  console.log(`load average after: ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
