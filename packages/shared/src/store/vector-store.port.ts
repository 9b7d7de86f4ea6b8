import type { Review } from '../reviews/review';

export interface ReviewPoint {
  id: string;
  vector: number[];
  review: Review;
}

export interface ScoredReview {
  id: string;
  /** Cosine similarity to the query, -1 to 1. */
  score: number;
  review: Review;
}

export interface CollectionInfo {
  name: string;
  dimension: number;
  /** The embedding model the collection was built with (the name of its dense vector). */
  model?: string;
  points: number;
  status: string;
}

/** Where review vectors live and are searched. */
export interface VectorStore {
  /** Throws `UnavailableError` unless the store answers. */
  ping(): Promise<void>;
  /**
   * Creates the collection (cosine distance, its dense vector named after the model) or checks
   * that it was built with the same model and vector size.
   */
  ensureCollection(name: string, dimension: number, model: string): Promise<void>;
  /** `undefined` when the collection does not exist. */
  describeCollection(name: string): Promise<CollectionInfo | undefined>;
  /** Writes the points (vectors of `model`) and returns once they are stored. */
  upsertReviews(name: string, model: string, points: readonly ReviewPoint[]): Promise<void>;
  /** The `limit` reviews nearest to `vector` (a vector of `model`), best first. */
  searchReviews(name: string, model: string, vector: number[], limit: number): Promise<ScoredReview[]>;
}
