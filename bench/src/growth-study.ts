/**
 * One size × one group of builds, start to finish, in a fresh local Qdrant:
 * build the first, apply the others as collection updates over it. Before
 * each build's searches Qdrant restarts on the same storage, so memory is what
 * serving needs, not what building (or the exact full scan) left behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalQdrant, type LocalQdrant } from '@review-search/shared';
import type { GrowthBuild } from './growth-builds';
import { buildCollection, qdrantClient, updateCollection, waitUntilIndexed } from './growth-collection';
import { derivedPoints } from './growth-points';
import { exactNeighbours, searchFigures, type ExactNeighbours, type SearchFigures } from './growth-search';
import type { VectorSet } from './growth-vectors';
import { cpuSeconds, diskMiB, memoryMiB } from './processes';
import { round } from './ingest-bench';

export interface BuildFigures {
  size: number;
  build: GrowthBuild;
  /** 0 for an update over the build before. */
  uploadSeconds: number;
  indexSeconds: number;
  /** CPU seconds Qdrant spent on the upload and indexing (or the update). */
  buildCpuSeconds: number;
  /** From starting Qdrant on the build's storage until the collection answers green. */
  loadSeconds: number;
  segments: number;
  /** Qdrant's peak resident memory while building. */
  buildPeakMiB: number;
  /** Qdrant's resident memory after the restart, then after every search of the build. */
  restartedMiB: number;
  servingMiB: number;
  diskMiB: number;
  cosineToSource: number;
  searches: (SearchFigures & { label: string })[];
  wallSeconds: number;
}

export interface StudyInput {
  size: number;
  group: GrowthBuild[];
  sources: VectorSet;
  queries: VectorSet;
  noise: number;
  /** Exact neighbours of the queries at this size, once known (the points are the same in every build). */
  exact?: ExactNeighbours;
  progress: (build: GrowthBuild, message: string) => void;
  /** Asked before each update over the first build; no stops the group there. */
  shouldRun: (build: GrowthBuild) => boolean;
}

export async function studyGroup(input: StudyInput): Promise<{ figures: BuildFigures[]; exact: ExactNeighbours }> {
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-growth-'));
  const port = 7000 + 2 * Math.floor(Math.random() * 400);
  // Building may use every core (Qdrant's own default keeps one free for searches, and none run meanwhile).
  const env = { QDRANT__STORAGE__PERFORMANCE__OPTIMIZER_CPU_BUDGET: String(os.cpus().length), QDRANT__LOG_LEVEL: 'WARN' };
  const start = () => startLocalQdrant({ storagePath, port, env });
  let qdrant: LocalQdrant | undefined = await start();
  let exact = input.exact;
  const figures: BuildFigures[] = [];
  try {
    let cosineToSource = 0;
    for (const [index, build] of input.group.entries()) {
      if (index > 0 && !input.shouldRun(build)) break;
      const started = performance.now();
      const progress = (message: string) => input.progress(build, message);
      const cpuBefore = cpuSeconds(qdrant.pid);
      let built: { uploadSeconds: number; indexSeconds: number; segments: number };
      if (index === 0) {
        const batches = (function* () {
          for (const batch of derivedPoints(input.sources, input.size, input.noise)) {
            cosineToSource = batch.cosineToSource;
            yield batch;
          }
        })();
        built = await buildCollection(qdrantClient(qdrant.url), build, batches, progress);
      } else {
        const info = await updateCollection(qdrantClient(qdrant.url), build, progress);
        built = { uploadSeconds: 0, indexSeconds: (performance.now() - started) / 1000, segments: info.segments_count };
      }
      const buildCpuSeconds = cpuSeconds(qdrant.pid) - cpuBefore;
      const buildPeakMiB = memoryMiB(qdrant.pid).peak;
      progress(`built: ${round(built.uploadSeconds)} s upload, ${round(built.indexSeconds)} s indexing, ${round(buildCpuSeconds)} CPU s, ${built.segments} segments`);
      await qdrant.stop();
      const restarted = performance.now();
      qdrant = await start();
      let client = qdrantClient(qdrant.url);
      await waitUntilIndexed(client, progress);
      const loadSeconds = (performance.now() - restarted) / 1000;
      if (!exact) {
        exact = await exactNeighbours(client, input.queries);
        progress(`exact: ${JSON.stringify(exact.figures)}`);
        qdrant = await restart(qdrant, start);
        client = qdrantClient(qdrant.url);
        await waitUntilIndexed(client, progress);
      }
      const restartedMiB = memoryMiB(qdrant.pid).rss;
      const searches = [];
      for (const search of build.searches) {
        searches.push({ label: search.label, ...(await searchFigures(client, input.queries, search.params, exact)) });
        progress(`${search.label}: ${JSON.stringify(searches.at(-1))}`);
      }
      figures.push({
        size: input.size,
        build,
        ...built,
        buildCpuSeconds,
        loadSeconds,
        buildPeakMiB,
        restartedMiB,
        servingMiB: memoryMiB(qdrant.pid).rss,
        diskMiB: diskMiB(storagePath),
        cosineToSource: round(cosineToSource, 3),
        searches,
        wallSeconds: (performance.now() - started) / 1000,
      });
    }
    return { figures, exact: exact! };
  } finally {
    await qdrant?.stop();
    fs.rmSync(storagePath, { recursive: true, force: true });
  }
}

async function restart(qdrant: LocalQdrant, start: () => Promise<LocalQdrant>): Promise<LocalQdrant> {
  await qdrant.stop();
  return start();
}
