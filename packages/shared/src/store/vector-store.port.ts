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
  /** The embedding model the collection was built with (kept in the collection's metadata). */
  model?: string;
  points: number;
  status: string;
}

/** Where review vectors live and are searched. */
export interface VectorStore {
  /** Throws `UnavailableError` unless the store answers. */
  ping(): Promise<void>;
  /**
   * Creates the collection (cosine distance, the model in its metadata) or checks
   * that it was built with the same model and vector size.
   */
  ensureCollection(name: string, dimension: number, model: string): Promise<void>;
  /** `undefined` when the collection does not exist. */
  describeCollection(name: string): Promise<CollectionInfo | undefined>;
  /** Writes the points and returns once they are stored. */
  upsertReviews(name: string, points: readonly ReviewPoint[]): Promise<void>;
  /** The `limit` reviews nearest to `vector`, best first. */
  searchReviews(name: string, vector: number[], limit: number): Promise<ScoredReview[]>;
}
