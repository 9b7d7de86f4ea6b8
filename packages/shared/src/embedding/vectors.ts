import { InvalidEmbeddingError } from '../errors';

/** Throws unless every vector has `dimension` finite numbers. */
export function checkVectors(model: string, dimension: number, vectors: number[][], expected: number): void {
  if (vectors.length !== expected) {
    throw new InvalidEmbeddingError(`embedding model '${model}' returned ${vectors.length} vectors for ${expected} texts`);
  }
  for (const [index, vector] of vectors.entries()) {
    if (vector.length !== dimension) {
      throw new InvalidEmbeddingError(
        `embedding model '${model}' returned a vector of length ${vector.length} (text ${index}), expected ${dimension}`,
      );
    }
    if (!vector.every(Number.isFinite)) {
      throw new InvalidEmbeddingError(`embedding model '${model}' returned a non-finite number (text ${index})`);
    }
  }
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function normalize(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
