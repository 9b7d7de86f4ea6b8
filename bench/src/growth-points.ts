/**
 * Derived points for the growth study: point `i` is real review vector
 * `i mod sources` plus Gaussian noise, scaled back to unit length. The noise is
 * seeded by the batch, so every build of a size holds exactly the same points.
 */
import { DIMENSION, vectorAt, type VectorSet } from './growth-vectors';

export interface PointBatch {
  ids: number[];
  vectors: number[][];
}

/** Per-coordinate noise that puts a derived point at cosine `target` to its source, on average. */
export function noiseForCosine(target: number): number {
  return Math.sqrt((1 / target ** 2 - 1) / DIMENSION);
}

/** Batches of derived points `0..count-1`, with the mean cosine of a point to its source so far. */
export function* derivedPoints(sources: VectorSet, count: number, noise: number, batchSize = 1000): Generator<PointBatch & { cosineToSource: number }> {
  let cosineSum = 0;
  for (let start = 0; start < count; start += batchSize) {
    const normal = gaussian(start + 1);
    const batch: PointBatch = { ids: [], vectors: [] };
    for (let i = start; i < Math.min(count, start + batchSize); i += 1) {
      const source = vectorAt(sources, i % sources.count);
      const point = new Float64Array(DIMENSION);
      let norm = 0;
      for (let d = 0; d < DIMENSION; d += 1) {
        point[d] = source[d]! + noise * normal();
        norm += point[d]! ** 2;
      }
      norm = Math.sqrt(norm);
      let cosine = 0;
      // Six decimals keep the request bodies small; the stored values are the data set.
      const vector = Array.from(point, (value, d) => {
        cosine += (value / norm) * source[d]!;
        return Math.round((value / norm) * 1e6) / 1e6;
      });
      cosineSum += cosine;
      batch.ids.push(i + 1);
      batch.vectors.push(vector);
    }
    yield { ...batch, cosineToSource: cosineSum / Math.min(count, start + batchSize) };
  }
}

/** Standard normal samples (Box-Muller over mulberry32), reproducible from `seed`. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
