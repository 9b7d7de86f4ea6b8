import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VectorStore } from '@review-search/shared';
import type { CollectionModels } from '../collection-models';
import { sampleReviews } from '../review-sample';
import type { ProjectionMethod } from './projection-methods';

export interface ProjectionRequest {
  method: ProjectionMethod;
  sample: number;
  seed: number;
  /** Reviews longer than this many characters are "long"; default: the sample's median. */
  lengthSplit?: number;
}

export interface ProjectedReview {
  id: string;
  x: number;
  y: number;
  textLength: number;
  lengthClass: 'short' | 'long';
  rating: number | null;
  summary: string;
  /** The start of the review, for a hover. */
  excerpt: string;
}

export interface Projection {
  collection: string;
  model: string;
  method: ProjectionMethod;
  seed: number;
  sample: number;
  lengthSplit: number;
  points: ProjectedReview[];
  took_ms: number;
}

const CACHE_SIZE = 16;

/**
 * Projects a seeded sample of a collection to 2D. Results are cached per
 * collection (and its point count) and parameters, so the page and the SVG of
 * the same view cost one computation.
 */
export function projections(deps: { store: VectorStore; models: CollectionModels }) {
  const cache = new Map<string, Promise<Projection>>();
  return async function project(name: string, request: ProjectionRequest): Promise<Projection> {
    const { collection, model } = await deps.models.resolve(name);
    const points = (await deps.store.describeCollection(collection))?.points ?? 0;
    const key = JSON.stringify([collection, points, request.method, request.sample, request.seed, request.lengthSplit ?? null]);
    let projection = cache.get(key);
    if (!projection) {
      projection = compute(deps, { name, collection, model }, request);
      projection.catch(() => cache.delete(key));
      cache.set(key, projection);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return projection;
  };
}

async function compute(
  deps: { store: VectorStore; models: CollectionModels },
  { name, collection, model }: { name: string; collection: string; model: string },
  request: ProjectionRequest,
): Promise<Projection> {
  const started = performance.now();
  const reviews = (await sampleReviews(deps.store, collection, model, request.sample, request.seed)).filter((r) => r.vector);
  const coordinates = await inWorker(request.method, reviews.map((r) => r.vector!), request.seed);
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
}

function inWorker(method: ProjectionMethod, vectors: number[][], seed: number): Promise<[number, number][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'projection.worker.js'), { workerData: { method, vectors, seed } });
    worker.once('message', (coordinates: [number, number][]) => {
      resolve(coordinates);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`projection worker exited with code ${code}`));
    });
  });
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
