/**
 * `pnpm bench:growth` (10k, 100k and 1M points) or `pnpm bench:growth --quick`
 * (10k and 100k): Qdrant search latency and recall@10 against exact search as
 * the corpus grows, for the default HNSW, other `hnsw_ef`, a tuned HNSW and
 * int8 scalar quantization, with build time and memory; written to
 * bench/growth-results.md. `--budget-minutes N` (default 60) skips the
 * costliest 1M builds when they would not finish in time, and says so.
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { BUILDS } from './src/growth-builds';
import { noiseForCosine } from './src/growth-points';
import { writeGrowthReport } from './src/growth-report';
import type { ExactNeighbours, SearchFigures } from './src/growth-search';
import { studyBuild, type BuildFigures } from './src/growth-study';
import { DIMENSION, queryVectors, reviewVectors, useLite, vectorAt, type VectorSet } from './src/growth-vectors';
import { round } from './src/ingest-bench';
import { ROOT } from './src/processes';
import { corpusPath } from '../test/support/corpus';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const QUERIES = quick ? 200 : 500;
/** A derived point's mean cosine to its source review. */
const COSINE_TO_SOURCE = 0.9;
const budgetArgument = process.argv.indexOf('--budget-minutes');
const BUDGET_MINUTES = budgetArgument > 0 ? Number(process.argv[budgetArgument + 1]) : 60;

async function main(): Promise<void> {
  const corpus = await corpusPath();
  const embedder = useLite(path.join(ROOT, '.cache/models'));
  const queries = await queryVectors(corpus, QUERIES, embedder);
  const sources = await reviewVectors(corpus, embedder);
  const noise = noiseForCosine(COSINE_TO_SOURCE);
  console.log(`${sources.count} review vectors, ${queries.count} queries, noise σ ${round(noise, 4)}`);

  const loadAtStart = os.loadavg()[0]!;
  const started = performance.now();
  const minutes = () => (performance.now() - started) / 60_000;
  const builds: BuildFigures[] = [];
  const exact = new Map<number, SearchFigures>();
  const skipped: { size: number; label: string; reason: string }[] = [];
  for (const [s, size] of SIZES.entries()) {
    let neighbours: ExactNeighbours | undefined;
    for (const build of BUILDS) {
      const estimate = estimateMinutes(builds, build.key, size, SIZES[s - 1]);
      if (build.key !== 'default' && estimate !== undefined && minutes() + estimate > BUDGET_MINUTES) {
        skipped.push({ size, label: build.label, reason: `skipped: about ${Math.round(estimate)} minutes more (scaled from the smaller size) would pass the ${BUDGET_MINUTES}-minute budget` });
        console.log(`skipping ${build.key} at ${size}: estimate ${round(estimate)} min, ${round(minutes())} min spent`);
        continue;
      }
      const progress = (message: string) => console.log(`[${size} ${build.key} ${round(minutes())} min] ${message}`);
      progress('start');
      const result = await studyBuild({ size, build, sources, queries, noise, exact: neighbours, progress });
      if (!neighbours) exact.set(size, result.exact.figures);
      neighbours = result.exact;
      builds.push(result.figures);
      fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'bench/out/growth.json'), JSON.stringify({ builds, exact: [...exact] }, null, 2));
    }
  }
  const report = writeGrowthReport({
    quick,
    sizes: SIZES,
    sources: sources.count,
    queries: queries.count,
    noise,
    nearestReviewCosine: nearestNeighbourCosine(sources, 500),
    exact,
    builds,
    skipped,
    totalMinutes: minutes(),
    budgetMinutes: BUDGET_MINUTES,
    load: [loadAtStart, os.loadavg()[0]!],
  });
  console.log(report);
}

/** Minutes a build should take at `size`, from the same build at the previous size (HNSW builds grow a little faster than linearly). */
function estimateMinutes(builds: BuildFigures[], key: string, size: number, previous?: number): number | undefined {
  const before = builds.find((b) => b.build.key === key && b.size === previous);
  return before && previous ? (before.wallSeconds / 60) * (size / previous) * 1.3 : undefined;
}

/** Mean cosine of the first `sample` review vectors to their nearest other review vector. */
function nearestNeighbourCosine(set: VectorSet, sample: number): number {
  let total = 0;
  for (let i = 0; i < sample; i += 1) {
    const a = vectorAt(set, i);
    let best = -1;
    for (let j = 0; j < set.count; j += 1) {
      if (j === i) continue;
      const b = vectorAt(set, j);
      let dot = 0;
      for (let d = 0; d < DIMENSION; d += 1) dot += a[d]! * b[d]!;
      best = Math.max(best, dot);
    }
    total += best;
  }
  return total / sample;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
