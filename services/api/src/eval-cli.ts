/**
 * `pnpm eval [--collections a,b] [--subset N] [--source PATH]`: search quality
 * of the built collections on the corpus, each review's title as a query whose
 * relevant document is that review. The queries (all, or a seeded subset) are
 * split in two halves: the first chooses a fusion, the second measures every
 * mode: dense, sparse, hybrid RRF with equal weights (k = 2), hybrid with the
 * build's stored calibration, and hybrid with the fusion chosen here. A build
 * without a stored calibration is calibrated (and the calibration stored) as
 * its ingest would have. Prints a table and writes bench/eval-results.md. Runs
 * against the Qdrant of QDRANT_URL (or the local one `pnpm start` runs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  calibrateBuild,
  calibrateFusion,
  errorMessage,
  fetchQueryLists,
  fusedBy,
  loadConfig,
  loadEmbedder,
  modelOptions,
  qdrantStore,
  qualityOf,
  seededSample,
  type FusionWeights,
  type QualityScores,
} from '@review-search/shared';
import { titleQueries } from './eval/title-queries';

const SEED = 7;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { collections: { type: 'string' }, subset: { type: 'string' }, source: { type: 'string' } },
  });
  const config = loadConfig();
  const store = qdrantStore(config);
  const source = values.source ?? config.datasetUrl;
  const all = await titleQueries(source);
  const queries = seededSample(all, values.subset ? Number(values.subset) : all.length, SEED);
  const live = await store.aliasTarget(config.collection);
  const names = values.collections?.split(',') ?? (live ? [live] : []);
  if (names.length === 0) throw new Error(`no collection to evaluate: build one (pnpm ingest) or name them with --collections`);
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  const half = Math.ceil(queries.length / 2);
  const notes: string[] = [];
  const lines = [
    `Queries: review titles of at least 3 words, not generic, unique in the corpus (${all.length} of them), ` +
      `each relevant to its own review; ${queries.length} of them shuffled with seed ${SEED}: the first ${half} choose ` +
      `the fusion "calibrated here", the other ${queries.length - half} (held out) measure every mode. ` +
      `Load average (1, 5, 15 min) at the start: ${load}.`,
    '',
    '| collection | model | mode | weights (dense, sparse, k) | held-out queries | recall@1 | recall@10 | MRR@10 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const row = (name: string, model: string, mode: string, weights: string, s: QualityScores) => {
    const line = `| ${name} | ${model} | ${mode} | ${weights} | ${s.queries} | ${s.recallAt1} | ${s.recallAt10} | ${s.mrrAt10} |`;
    console.log(line);
    lines.push(line);
  };
  for (const name of names) {
    const info = await store.describeCollection(name);
    if (!info?.model) throw new Error(`collection '${name}' is missing or was not built by review search`);
    const embedder = await loadEmbedder(info.model, modelOptions(config, 'api'));
    notes.push(`${name}: BM25 options ${JSON.stringify(info.bm25 ?? 'not recorded')}.`);
    const stored = info.calibration ?? (await calibrateBuild(store, embedder, name, info.model)).calibration;
    const started = Date.now();
    const lists = await fetchQueryLists(store, name, info.model, embedder, queries);
    const here = calibrateFusion(lists, SEED);
    const heldOut = lists.slice(half);
    row(name, info.model, 'dense', '-', here.heldOut!.dense);
    row(name, info.model, 'sparse', '-', here.heldOut!.sparse);
    row(name, info.model, 'hybrid, RRF equal weights', describe({ method: 'rrf', dense: 0.5, sparse: 0.5, k: 2 }), here.heldOut!.hybridEqual);
    row(name, info.model, `hybrid, build's calibration (default mode)`, describe(stored.weights), qualityOf(heldOut, fusedBy(stored.weights)));
    row(name, info.model, 'hybrid, calibrated here', describe(here.weights), here.heldOut!.hybrid);
    console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s; build's calibration: ${stored.reason}`);
  }
  lines.push('', ...notes);
  const out = path.resolve(__dirname, '../../../bench/eval-results.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `# Search quality\n\nMade by \`pnpm eval\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.\n\n${lines.join('\n')}\n`);
  console.log(`written: ${path.relative(process.cwd(), out)}`);
}

function describe(weights: FusionWeights): string {
  return weights.method === 'rrf' ? `RRF ${weights.dense}, ${weights.sparse}, k=${weights.k}` : `convex ${weights.dense}, ${weights.sparse}`;
}

main().catch((error: unknown) => {
  console.error(`eval: ${errorMessage(error)}`);
  process.exit(1);
});
