import type { Review } from '../reviews/review';
import type { Bm25Options } from '../lexical/bm25-options';
import type { ReviewFilter } from './review-filter';
import type { BuildRecord } from './build-record';
import type { BuildSchema } from './build-schema';
import type { CollectionInfo } from './collection-info';
import type { SearchCalibration } from '../calibration/search-calibration';

export interface ReviewPoint {
  id: string;
  vector: number[];
  /** The review; Qdrant makes its sparse (BM25) vector from `review.reviewText` with the build's recorded options. */
  review: Review;
}

export type SearchMode = 'dense' | 'sparse' | 'hybrid';

/** What a search looks for: the query's dense vector, its words (BM25, made by Qdrant), or both (fused by rank). */
export type SearchQuery =
  | { mode: 'dense'; vector: number[] }
  | { mode: 'sparse'; text: string }
  | { mode: 'hybrid'; vector: number[]; text: string };

export interface ScoredReview {
  id: string;
  /** Dense: cosine similarity to the query (-1 to 1); sparse: BM25; hybrid: reciprocal rank fusion. */
  score: number;
  review: Review;
  /** The review's dense vector, when asked for (`withVector`). */
  vector?: number[];
}

export interface StoredReview {
  id: string;
  review: Review;
  /** Present when asked for. */
  vector?: number[];
}

export interface SearchOptions {
  limit: number;
  offset?: number;
  /** Only results at least this similar. */
  scoreThreshold?: number;
  filter?: ReviewFilter;
  /**
   * 0 to 1: reorder by maximal marginal relevance (relevance to the query against similarity to
   * the results already picked, by the dense vectors). Dense searches and similar reviews only:
   * sparse and hybrid rankings ignore it.
   */
  diversity?: number;
  /** How many nearest reviews maximal marginal relevance picks from (at least `limit`). */
  diversityCandidates?: number;
  /** Return each result's vector of this name (its model's dense vector) too. */
  withVector?: string;
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
  /** `undefined` when the collection does not exist. An alias name describes the collection it points at. */
  describeCollection(name: string): Promise<CollectionInfo | undefined>;
  /** Every collection of the store. */
  listCollections(): Promise<CollectionInfo[]>;
  deleteCollection(name: string): Promise<void>;
  /** The collection an alias points at, if the alias exists. */
  aliasTarget(alias: string): Promise<string | undefined>;
  /** Points `alias` at `collection` in one atomic request (creating the alias if needed). */
  switchAlias(alias: string, collection: string): Promise<void>;
  /**
   * Records how the build's sparse vectors are made, unless it already holds
   * a record; returns the record it holds (read back). Refuses a collection
   * that has reviews but no record: its sparse vectors were made another way.
   */
  recordBm25Options(name: string, options: Bm25Options): Promise<Bm25Options>;
  /**
   * Writes the points (vectors of `model`; the sparse vector made by Qdrant
   * with the recorded BM25 options) and returns once they are stored.
   */
  upsertReviews(name: string, model: string, points: readonly ReviewPoint[]): Promise<void>;
  /**
   * The reviews nearest to the query, best first: by cosine of `model` vectors
   * (dense), by BM25 (sparse), or both fused by reciprocal rank (hybrid).
   */
  searchReviews(name: string, model: string, query: SearchQuery, options: SearchOptions): Promise<ScoredReview[]>;
  /** The reviews nearest to the stored review `id`, best first, never `id` itself. */
  similarReviews(name: string, model: string, id: string, options: SearchOptions): Promise<ScoredReview[]>;
  /** The reviews with these ids that exist, with their `model` vectors when `withVector`. */
  getReviews(name: string, ids: readonly string[], options?: { withVector?: string }): Promise<StoredReview[]>;
  /** Every point id of the collection, in id order. */
  listIds(name: string): Promise<string[]>;
  /** Every review with its `model` vector (unless `withVector` is false), in id order, page by page, at most `limit`. */
  scrollReviews(name: string, model: string, options?: { limit?: number; pageSize?: number; withVector?: boolean }): AsyncGenerator<StoredReview>;
  /** Stores the build's search calibration with its collection (replacing an earlier one). */
  recordCalibration(name: string, calibration: SearchCalibration): Promise<void>;
  /** Writes the build's record (the fields given, over what it held) into its metadata; returns the record. */
  recordBuild(name: string, record: Partial<BuildRecord>): Promise<BuildRecord>;
  /** Stores the build's schema and indexes the payload fields its mapping fills. */
  recordSchema(name: string, schema: BuildSchema): Promise<void>;
}
