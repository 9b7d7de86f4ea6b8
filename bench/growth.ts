/**
 * `pnpm bench:growth` (10k, 100k and 1M points) or `pnpm bench:growth --quick`
 * (10k and 100k): Qdrant search latency and recall@10 against exact search as
 * the corpus grows, for the default HNSW, other `hnsw_ef`, int8 scalar
 * quantization and a tuned HNSW, with build time and memory; written to
 * bench/growth-results.md. `--budget-minutes N` (default 60) skips the
 * costliest 1M builds when they would not finish in time, and says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_GROUPS, type GrowthBuild } from './src/growth-builds';
import { noiseForCosine } from './src/growth-points';
import { writeGrowthReport } from './src/growth-report';
import type { ExactNeighbours, SearchFigures } from './src/growth-search';
import { studyGroup, type BuildFigures } from './src/growth-study';
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
    for (const [g, group] of BUILD_GROUPS.entries()) {
      // Builds run in order of priority (default, int8, tuned), each when its estimate still fits in the budget.
      const fits = (build: GrowthBuild) => {
        const estimate = estimateMinutes(builds, build, size, SIZES[s - 1]) ?? 0;
        if (minutes() + estimate <= BUDGET_MINUTES) return true;
        skipped.push({ size, label: build.label, reason: `not run: about ${Math.round(estimate)} minutes (scaled from ${SIZES[s - 1]!.toLocaleString('en-US')} points) would pass the ${BUDGET_MINUTES}-minute budget after ${Math.round(minutes())} minutes` });
        console.log(`skipping ${build.key} at ${size}: ${skipped.at(-1)!.reason}`);
        return false;
      };
      if (g > 0 && !fits(group[0]!)) continue;
      const result = await studyGroup({
        size,
        group,
        sources,
        queries,
        noise,
        exact: neighbours,
        progress: (build, message) => console.log(`[${size} ${build.key} ${round(minutes())} min] ${message}`),
        shouldRun: fits,
      });
      if (!neighbours) exact.set(size, result.exact.figures);
      neighbours = result.exact;
      builds.push(...result.figures);
      fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'bench/out/growth.json'), JSON.stringify({ builds, exact: [...exact], skipped }, null, 2));
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

/**
 * Minutes a build should take at `size`: its time at the previous size, scaled as the default
 * build's time grew between the two sizes (it runs first at every size), else by the size ratio
 * and a third more (HNSW builds grow a little faster than linearly).
 */
function estimateMinutes(builds: BuildFigures[], build: GrowthBuild, size: number, previous?: number): number | undefined {
  const at = (key: string, points?: number) => builds.find((b) => b.build.key === key && b.size === points)?.wallSeconds;
  const before = at(build.key, previous);
  if (before === undefined || previous === undefined) return undefined;
  const [defaultBefore, defaultNow] = [at('default', previous), at('default', size)];
  const growth = defaultBefore && defaultNow ? defaultNow / defaultBefore : (size / previous) * 1.3;
  return (before / 60) * growth;
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
