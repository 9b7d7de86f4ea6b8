/**
 * `pnpm eval [--collections a,b] [--subset N] [--source PATH]`: search quality
 * of the built collections on the corpus, each review's title as a query whose
 * relevant document is that review. Prints a table and writes
 * bench/eval-results.md. Runs against the Qdrant of QDRANT_URL (or the local
 * one `pnpm start` runs); build a collection per model with `pnpm ingest`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage, loadConfig, loadEmbedder, modelOptions, qdrantStore, type SearchMode } from '@review-search/shared';
import { choose } from './review-sample';
import { searchQuality } from './eval/search-quality';
import { titleQueries } from './eval/title-queries';

const MODES: SearchMode[] = ['dense', 'sparse', 'hybrid'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { collections: { type: 'string' }, subset: { type: 'string', default: '1000' }, source: { type: 'string' } },
  });
  const config = loadConfig();
  const store = qdrantStore(config);
  const source = values.source ?? config.datasetUrl;
  const all = await titleQueries(source);
  const subsetSize = Number(values.subset);
  const subset = choose(all, subsetSize, 7);
  const live = await store.aliasTarget(config.collection);
  const names = values.collections?.split(',') ?? (live ? [live] : []);
  if (names.length === 0) throw new Error(`no collection to evaluate: build one (pnpm ingest) or name them with --collections`);
  const notes: string[] = [];
  const lines = [
    `Queries: review titles of at least 3 words, not generic, unique in the corpus (${all.length} of them), ` +
      `each relevant to its own review; subset: ${subset.length} drawn with seed 7.`,
    '',
    `Load average (1, 5, 15 min) when the evaluation started: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`,
    '',
    '| collection | model | mode | queries | recall@1 | recall@10 | MRR@10 |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const name of names) {
    const info = await store.describeCollection(name);
    if (!info?.model) throw new Error(`collection '${name}' is missing or was not built by review search`);
    const embedder = await loadEmbedder(info.model, modelOptions(config));
    notes.push(`${name}: BM25 options ${JSON.stringify(info.bm25 ?? 'not recorded')}.`);
    for (const [label, queries] of [['all', all], ['subset', subset]] as const) {
      for (const mode of MODES) {
        const started = Date.now();
        const scores = await searchQuality(store, name, info.model, embedder, mode, queries);
        const line = `| ${name} | ${info.model} | ${mode} (${label}) | ${scores.queries} | ${scores.recallAt1} | ${scores.recallAt10} | ${scores.mrrAt10} |`;
        console.log(`${line}  ${((Date.now() - started) / 1000).toFixed(1)} s`);
        lines.push(line);
      }
    }
  }
  lines.push('', ...notes);
  const out = path.resolve(__dirname, '../../../bench/eval-results.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `# Search quality\n\nMade by \`pnpm eval\` on ${new Date().toISOString().slice(0, 10)}.\n\n${lines.join('\n')}\n`);
  console.log(`written: ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(`eval: ${errorMessage(error)}`);
  process.exit(1);
});
