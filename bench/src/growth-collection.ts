/**
 * One build of the growth study in a Qdrant of its own: create the collection,
 * upload the derived points with indexing off (Qdrant's advice for bulk
 * uploads), switch indexing on, and wait until every vector is indexed.
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GrowthBuild } from './growth-builds';
import type { PointBatch } from './growth-points';
import { DIMENSION } from './growth-vectors';

export const COLLECTION = 'growth';
/** Index every segment past 1 MB of vectors, so every size is served by HNSW (Qdrant's default is 10 MB). */
const INDEXING_THRESHOLD_KB = 1000;

export interface IndexedCollection {
  uploadSeconds: number;
  indexSeconds: number;
  segments: number;
  points: number;
}

export function qdrantClient(url: string): QdrantClient {
  return new QdrantClient({ url, timeout: 30 * 60_000, checkCompatibility: false });
}

export async function buildCollection(
  client: QdrantClient,
  build: GrowthBuild,
  batches: Iterable<PointBatch>,
  progress: (message: string) => void,
): Promise<IndexedCollection> {
  await client.createCollection(COLLECTION, {
    vectors: { size: DIMENSION, distance: 'Cosine' },
    hnsw_config: build.hnsw,
    optimizers_config: { indexing_threshold: 0 },
  });
  const started = performance.now();
  await upload(client, batches);
  const uploaded = performance.now();
  await client.updateCollection(COLLECTION, { optimizers_config: { indexing_threshold: INDEXING_THRESHOLD_KB } });
  const info = await waitUntilIndexed(client, progress);
  return {
    uploadSeconds: (uploaded - started) / 1000,
    indexSeconds: (performance.now() - uploaded) / 1000,
    segments: info.segments_count,
    points: info.points_count ?? 0,
  };
}

/** Two upserts in flight at a time, each waiting until applied; the first failure stops the upload. */
async function upload(client: QdrantClient, batches: Iterable<PointBatch>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (const batch of batches) {
    if (failure) break;
    const points = batch.ids.map((id, i) => ({ id, vector: batch.vectors[i]! }));
    const request: Promise<void> = client
      .upsert(COLLECTION, { wait: true, points })
      .then(
        () => undefined,
        (error: unknown) => void (failure ??= error),
      )
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
}

/** Applies `build.update` and waits until the optimizers it starts are done. */
export async function updateCollection(client: QdrantClient, build: GrowthBuild, progress: (message: string) => void) {
  await client.updateCollection(COLLECTION, build.update ?? {});
  // The optimizers start a moment after the update answers: see them start (or give them 10 s) before waiting for green.
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && (await client.getCollection(COLLECTION)).status === 'green') await sleep(200);
  return waitUntilIndexed(client, progress);
}

/** Polls until the optimizers are idle and every point sits in an HNSW-indexed segment. */
export async function waitUntilIndexed(client: QdrantClient, progress: (message: string) => void) {
  let lastReport = performance.now();
  for (;;) {
    const info = await client.getCollection(COLLECTION);
    const points = info.points_count ?? 0;
    const indexed = info.indexed_vectors_count ?? 0;
    if (info.status === 'green' && points > 0 && indexed >= points) return info;
    if (performance.now() - lastReport > 30_000) {
      progress(`indexing: ${indexed}/${points} vectors indexed, status ${info.status}, ${info.segments_count} segments`);
      lastReport = performance.now();
    }
    await sleep(1000);
  }
}
