/** bench/growth-results.md: how search cost, recall, build time and memory grow with the number of points. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILDS } from './growth-builds';
import type { SearchFigures } from './growth-search';
import type { BuildFigures } from './growth-study';
import { round } from './ingest-bench';
import { ROOT } from './processes';

export const GROWTH_RESULTS = path.join(ROOT, 'bench/growth-results.md');
/** The section bench/RESULTS.md includes. */
export const GROWTH_TABLE_HEADING = '## Search cost as the corpus grows';

export interface GrowthReport {
  quick: boolean;
  sizes: number[];
  sources: number;
  queries: number;
  noise: number;
  /** Mean cosine of a review vector to its nearest other review vector. */
  nearestReviewCosine: number;
  exact: Map<number, SearchFigures>;
  builds: BuildFigures[];
  skipped: { size: number; label: string; reason: string }[];
  totalMinutes: number;
  budgetMinutes: number;
  /** One-minute load average of the machine at the start and at the end of the run. */
  load: [number, number];
}

export function writeGrowthReport(r: GrowthReport): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const cell = (f?: SearchFigures) => (f ? `${f.p50} / ${f.p99} ms${f.recall === undefined ? '' : `, **${f.recall.toFixed(3)}**`}` : 'not run');
  const figures = (size: number, key: string) => r.builds.find((b) => b.size === size && b.build.key === key);
  const searchRows = BUILDS.flatMap((build) =>
    build.searches.map(
      (search) => `| ${build.label} | ${search.label} | ${r.sizes.map((size) => cell(figures(size, build.key)?.searches.find((s) => s.label === search.label))).join(' | ')} |`,
    ),
  );
  const cosines = [...new Set(r.builds.map((b) => b.cosineToSource))];
  const lines = [
    '# Growth: search cost as the corpus grows',
    '',
    `Run: \`pnpm bench:growth${r.quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 16)}Z, ${round(r.totalMinutes)} minutes ` +
      `(budget ${r.budgetMinutes}). Reproduce with the same command; \`--quick\` measures ${n(10_000)} and ${n(100_000)} points only.`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; ` +
      `Node ${process.version}; Qdrant 1.16.3 (local binary, one node); @qdrant/js-client-rest ${clientVersion()}. ` +
      `Load average ${round(r.load[0], 2)} at the start, ${round(r.load[1], 2)} at the end: wall times and latencies move with other work on the machine, Qdrant's CPU seconds much less.`,
    '',
    '**Points.** The corpus\'s review texts are embedded once with use-lite (512 dimensions, unit vectors; cached under `.cache/growth/`, ' +
      `never committed). Point *i* is review vector *i* mod ${n(r.sources)} plus Gaussian noise (σ = ${round(r.noise, 4)} per coordinate), ` +
      `scaled back to unit length: a point's cosine to its source review is ${cosines.join(' to ')} on average, while a review's nearest other ` +
      `review sits at ${round(r.nearestReviewCosine, 3)}, so points stay distinct and keep the corpus's neighbourhoods.`,
    '',
    `**Queries.** ${n(r.queries)} distinct review titles embedded with use-lite. Ground truth: the exact top 10 by a full scan ` +
      '(`params: { exact: true }`); recall@10 is the share of it a search finds. Latency: one query at a time, straight to Qdrant\'s REST ' +
      'API from the bench process (limit 10, no payload), after 20 warm-up queries, Qdrant restarted on its storage after each build.',
    '',
    '**Builds.** A fresh Qdrant per size and build. Batches of 1,000 points, two upserts in flight, indexing off during the upload ' +
      '(`indexing_threshold: 0`, as Qdrant advises for bulk loads), then `indexing_threshold: 1000` KB so every segment is served by HNSW; ' +
      "indexing may use both cores (optimizer CPU budget 2; Qdrant's default keeps one free for searches). Other settings are Qdrant's defaults.",
    '',
    GROWTH_TABLE_HEADING,
    '',
    'Each cell: p50 / p99 latency, **recall@10**.',
    '',
    `| build | search | ${r.sizes.map((size) => `${n(size)} points`).join(' | ')} |`,
    `|---|---|${r.sizes.map(() => '---|').join('')}`,
    `| no index | exact (full scan) | ${r.sizes.map((size) => cell(r.exact.get(size))).join(' | ')} |`,
    ...searchRows,
    '',
    '## Build cost and memory',
    '',
    '| points | build | upload s | indexing s | Qdrant CPU s (upload + indexing) | start s | segments | Qdrant peak RSS building, MiB | Qdrant RSS after restart / after the searches, MiB | disk MiB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.builds.map(
      (b) =>
        `| ${n(b.size)} | ${b.build.label} | ${round(b.uploadSeconds)} | ${round(b.indexSeconds)} | ${round(b.buildCpuSeconds)} | ${round(b.loadSeconds)} | ${b.segments} | ` +
        `${b.buildPeakMiB} | ${b.restartedMiB} / ${b.servingMiB} | ${b.diskMiB} |`,
    ),
    '',
    'The int8 rows are an update of the default build (`quantization_config` switched on, originals kept in RAM): no upload of ' +
      'their own, and their indexing is Qdrant re-optimizing every segment for the quantized vectors. Start s: Qdrant started on ' +
      "the build's storage until the collection answers green. RSS after the searches holds what they touched of the " +
      'memory-mapped vectors and graph; the exact full scan ran on a Qdrant restarted afterwards, so it is in no figure. ' +
      'Qdrant runs its index-building threads at a lower priority (nice 9), so other work on the machine slows indexing first.',
    '',
    ...(r.skipped.length
      ? ['## Not run', '', ...r.skipped.map((s) => `- ${n(s.size)} points, ${s.label}: ${s.reason}`), '']
      : []),
  ];
  fs.writeFileSync(GROWTH_RESULTS, lines.join('\n'));
  return lines.join('\n');
}

function clientVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@qdrant/js-client-rest/package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}
