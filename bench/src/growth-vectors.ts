/**
 * The growth study's raw material: the real corpus's review vectors and the
 * query vectors (review titles), embedded once with use-lite and cached under
 * `.cache/growth/` as little-endian float32 files (never committed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEmbedder, type Embedder } from '@review-search/shared';
import { titleQueries } from '../../services/api/src/eval/title-queries';
import { corpusReviews } from './ingest-bench';
import { ROOT } from './processes';

export const DIMENSION = 512;
const CACHE = path.join(ROOT, '.cache/growth');

export interface VectorSet {
  /** `count` vectors of `DIMENSION` floats, one after another. */
  data: Float32Array;
  count: number;
}

export function vectorAt(set: VectorSet, index: number): Float32Array {
  return set.data.subarray(index * DIMENSION, (index + 1) * DIMENSION);
}

/** Every corpus review's vector (use-lite, unit length), embedded on first use. */
export async function reviewVectors(corpus: string, embedder: () => Promise<Embedder>): Promise<VectorSet> {
  return cached('use-lite-reviews.f32', async () => (await corpusReviews(corpus)).map((review) => review.reviewText), embedder, 'passage');
}

/** Query vectors: distinct review titles (the evaluation's title queries), the first `count` (at most 500). */
export async function queryVectors(corpus: string, count: number, embedder: () => Promise<Embedder>): Promise<VectorSet> {
  const all = await cached('use-lite-title-queries-500.f32', async () => (await titleQueries(corpus)).map((q) => q.query).slice(0, 500), embedder, 'query');
  const kept = Math.min(count, all.count);
  return { data: all.data.slice(0, kept * DIMENSION), count: kept };
}

export function useLite(cacheDir: string): () => Promise<Embedder> {
  let loaded: Promise<Embedder> | undefined;
  return () => (loaded ??= loadEmbedder('use-lite', { cacheDir }));
}

async function cached(name: string, texts: () => Promise<string[]>, embedder: () => Promise<Embedder>, kind: 'passage' | 'query'): Promise<VectorSet> {
  const file = path.join(CACHE, name);
  if (!fs.existsSync(file)) {
    const all = await texts();
    const model = await embedder();
    const data = new Float32Array(all.length * DIMENSION);
    const started = performance.now();
    for (let i = 0; i < all.length; i += 64) {
      const vectors = await model.embed(all.slice(i, i + 64), kind);
      vectors.forEach((vector, j) => data.set(vector, (i + j) * DIMENSION));
      if (i % 1024 === 0) console.log(`embedding ${name}: ${i}/${all.length} (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(`${file}.partial`, new Uint8Array(data.buffer));
    fs.renameSync(`${file}.partial`, file);
  }
  const bytes = fs.readFileSync(file);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return { data: new Float32Array(data), count: data.length / DIMENSION };
}
