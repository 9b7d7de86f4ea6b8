import type { z } from 'zod';
import type { VectorStore } from '@review-search/shared';
import type { CollectionModels } from '../collection-models';
import { sampleReviews } from '../review-sample';
import type { ProjectionMethod } from './projection-methods';
import type { ProjectionPool } from './projection-pool';
import type { projectionAnswer } from '../answers/projection';

export interface ProjectionRequest {
  method: ProjectionMethod;
  sample: number;
  seed: number;
  /** Reviews longer than this many characters are "long"; default: the sample's median. */
  lengthSplit?: number;
}

/** A projected sample: `GET /projection`'s answer. */
export type Projection = z.output<typeof projectionAnswer>;
export type ProjectedReview = Projection['points'][number];

const CACHE_SIZE = 16;

interface Deps {
  store: VectorStore;
  models: CollectionModels;
  pool: ProjectionPool;
}

/** A projection being computed or computed, and the requests still waiting for it. */
interface Entry {
  projection: Promise<Projection>;
  waiting: number;
  settled: boolean;
  stop: AbortController;
}

/**
 * Projects a seeded sample of a collection to 2D in the projection pool.
 * Results are cached per collection (and its point count) and parameters, so
 * the page and the SVG of the same view cost one computation. A computation
 * every waiting request has given up on (`signal`) is stopped.
 */
export function projections(deps: Deps) {
  const cache = new Map<string, Entry>();
  return async function project(name: string, request: ProjectionRequest, signal: AbortSignal): Promise<Projection> {
    const { collection, model } = await deps.models.resolve(name);
    const points = (await deps.store.describeCollection(collection))?.points ?? 0;
    const key = JSON.stringify([collection, points, request.method, request.sample, request.seed, request.lengthSplit ?? null]);
    let entry = cache.get(key);
    if (!entry) {
      const stop = new AbortController();
      const created: Entry = { projection: compute(deps, { name, collection, model }, request, stop.signal), waiting: 0, settled: false, stop };
      created.projection.then(
        () => void (created.settled = true),
        () => {
          created.settled = true;
          if (cache.get(key) === created) cache.delete(key);
        },
      );
      cache.set(key, created);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      entry = created;
    }
    return wait(entry, signal, () => {
      if (cache.get(key) === entry) cache.delete(key);
    });
  };
}

/** The entry's projection for one request; the last request to give up stops the computation. */
function wait(entry: Entry, signal: AbortSignal, forget: () => void): Promise<Projection> {
  if (entry.settled) return entry.projection;
  entry.waiting += 1;
  return new Promise<Projection>((resolve, reject) => {
    const giveUp = () => {
      entry.waiting -= 1;
      reject(signal.reason);
      if (entry.waiting === 0 && !entry.settled) {
        forget();
        entry.stop.abort(signal.reason);
      }
    };
    if (signal.aborted) return giveUp();
    signal.addEventListener('abort', giveUp, { once: true });
    entry.projection.then(
      (projection) => {
        signal.removeEventListener('abort', giveUp);
        resolve(projection);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', giveUp);
        reject(error);
      },
    );
  });
}

async function compute(
  deps: Deps,
  { name, collection, model }: { name: string; collection: string; model: string },
  request: ProjectionRequest,
  signal: AbortSignal,
): Promise<Projection> {
  const release = deps.pool.reserve();
  try {
    const started = performance.now();
    const reviews = (await sampleReviews(deps.store, collection, model, request.sample, request.seed)).filter((r) => r.vector);
    signal.throwIfAborted();
    const coordinates = await deps.pool.run({ method: request.method, vectors: reviews.map((r) => r.vector!), seed: request.seed }, signal);
    const lengthSplit = request.lengthSplit ?? median(reviews.map((r) => r.review.textLength));
    return {
      collection: name,
      model,
      method: request.method,
      seed: request.seed,
      sample: reviews.length,
      lengthSplit,
      points: reviews.map((r, i) => ({
        id: r.id,
        x: coordinates[i]![0],
        y: coordinates[i]![1],
        textLength: r.review.textLength,
        lengthClass: r.review.textLength > lengthSplit ? 'long' : 'short',
        rating: r.review.overall,
        summary: r.review.summary,
        excerpt: r.review.reviewText.slice(0, 280),
      })),
      took_ms: Math.round(performance.now() - started),
    };
  } finally {
    release();
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
