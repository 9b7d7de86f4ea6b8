import type { Queue } from 'bullmq';
import { errorMessage, isBuildOf, type EmbedBatchJob, type EmbedBatchResult, type Logger, type VectorStore } from '@review-search/shared';

export interface FailedBuild {
  /** The ingest (source) job that failed. */
  jobId: string;
  collection: string;
}

/**
 * Clears up after an ingest that failed for good: its batches still waiting
 * are removed (none runs after the failure; one already running ends on its
 * own), and its collection is deleted when it is a build of the alias
 * (`<alias>--<model>--<time>`) that is not live. A collection named by the
 * caller is never deleted: it may hold what it held before.
 */
export async function clearFailedBuild(
  build: FailedBuild,
  deps: { store: VectorStore; batches: Queue<EmbedBatchJob, EmbedBatchResult>; alias: string; log: Logger },
): Promise<{ removedBatches: number; deletedCollection: boolean }> {
  let removedBatches = 0;
  const waiting = await deps.batches.getJobs(['waiting', 'prioritized', 'delayed']);
  for (const batch of waiting) {
    if (batch?.parent?.id !== build.jobId) continue;
    try {
      await batch.remove();
      removedBatches += 1;
    } catch (error) {
      // Taken by a worker in the meantime: it fails on its own (the build is gone) or stores into nothing live.
      deps.log.debug({ jobId: batch.id, err: errorMessage(error) }, 'batch of a failed build could not be removed');
    }
  }
  const deletable =
    isBuildOf(deps.alias, build.collection) &&
    (await deps.store.aliasTarget(deps.alias)) !== build.collection &&
    (await deps.store.describeCollection(build.collection)) !== undefined;
  if (deletable) await deps.store.deleteCollection(build.collection);
  deps.log.info({ jobId: build.jobId, collection: build.collection, removedBatches, deletedCollection: deletable }, 'failed build cleared');
  return { removedBatches, deletedCollection: deletable };
}
