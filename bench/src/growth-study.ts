/**
 * One size × one build, start to finish, in a fresh local Qdrant: build it,
 * restart Qdrant on the same storage (so memory is what serving needs, not
 * what building left behind), then measure the build's searches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalQdrant, type LocalQdrant } from '@review-search/shared';
import type { GrowthBuild } from './growth-builds';
import { buildCollection, qdrantClient, waitUntilIndexed } from './growth-collection';
import { derivedPoints } from './growth-points';
import { exactNeighbours, searchFigures, type ExactNeighbours, type SearchFigures } from './growth-search';
import type { VectorSet } from './growth-vectors';
import { cpuSeconds, diskMiB, memoryMiB } from './processes';
import { round } from './ingest-bench';

export interface BuildFigures {
  size: number;
  build: GrowthBuild;
  uploadSeconds: number;
  indexSeconds: number;
  /** Restart until the collection answers green. */
  loadSeconds: number;
  segments: number;
  /** CPU seconds Qdrant spent on the upload and indexing. */
  buildCpuSeconds: number;
  /** Qdrant's peak resident memory while uploading and indexing. */
  buildPeakMiB: number;
  /** Qdrant's resident memory after the restart and every search of the build. */
  servingMiB: number;
  diskMiB: number;
  cosineToSource: number;
  searches: (SearchFigures & { label: string })[];
  wallSeconds: number;
}

export interface StudyInput {
  size: number;
  build: GrowthBuild;
  sources: VectorSet;
  queries: VectorSet;
  noise: number;
  /** Exact neighbours of the queries at this size, once known (the points are the same in every build). */
  exact?: ExactNeighbours;
  progress: (message: string) => void;
}

export async function studyBuild(input: StudyInput): Promise<{ figures: BuildFigures; exact: ExactNeighbours }> {
  const started = performance.now();
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-growth-'));
  const port = 7000 + 2 * Math.floor(Math.random() * 400);
  // Building may use every core (Qdrant's own default keeps one free for searches, and none run meanwhile).
  const start = () => startLocalQdrant({ storagePath, port, env: { QDRANT__STORAGE__PERFORMANCE__OPTIMIZER_CPU_BUDGET: String(os.cpus().length), QDRANT__LOG_LEVEL: 'WARN' } });
  let qdrant: LocalQdrant | undefined = await start();
  try {
    let cosineToSource = 0;
    const batches = (function* () {
      for (const batch of derivedPoints(input.sources, input.size, input.noise)) {
        cosineToSource = batch.cosineToSource;
        yield batch;
      }
    })();
    const built = await buildCollection(qdrantClient(qdrant.url), input.build, batches, input.progress);
    const buildPeakMiB = memoryMiB(qdrant.pid).peak;
    const buildCpuSeconds = cpuSeconds(qdrant.pid);
    input.progress(`built in ${round(built.uploadSeconds)} s upload + ${round(built.indexSeconds)} s indexing, ${built.segments} segments`);
    await qdrant.stop();
    const restarted = performance.now();
    qdrant = await start();
    const client = qdrantClient(qdrant.url);
    await waitUntilIndexed(client, input.progress);
    const loadSeconds = (performance.now() - restarted) / 1000;
    const exact = input.exact ?? (await exactNeighbours(client, input.queries));
    const searches = [];
    for (const search of input.build.searches) {
      searches.push({ label: search.label, ...(await searchFigures(client, input.queries, search.params, exact)) });
      input.progress(`${search.label}: ${JSON.stringify(searches.at(-1))}`);
    }
    const figures: BuildFigures = {
      size: input.size,
      build: input.build,
      ...built,
      loadSeconds,
      buildPeakMiB,
      buildCpuSeconds,
      servingMiB: memoryMiB(qdrant.pid).rss,
      diskMiB: diskMiB(storagePath),
      cosineToSource: round(cosineToSource, 3),
      searches,
      wallSeconds: 0,
    };
    figures.wallSeconds = (performance.now() - started) / 1000;
    return { figures, exact };
  } finally {
    await qdrant?.stop();
    fs.rmSync(storagePath, { recursive: true, force: true });
  }
}
