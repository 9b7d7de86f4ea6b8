import type { SkippedRow, UpsertChanges } from './ingest-status';
import type { ReviewRow } from '../reviews/review';
import type { GivenMapping } from '../sources/column-mapping';
import type { SourceFormat } from '../sources/source-records';

/** Queues and job names of the ingest pipeline, declared once for API, CLI and workers. */
export const IngestQueues = {
  /** One job per ingest: reads the source and fans out batches. */
  sources: 'ingest-sources',
  /** One job per batch of reviews: embed and upsert. Any number of workers take them. */
  batches: 'ingest-batches',
} as const;

export const IngestJobNames = {
  source: 'ingest-source',
  batch: 'embed-batch',
} as const;

/** What a user asks for: `POST /ingest`, `pnpm ingest`, or the auto-ingest at start-up. */
export interface IngestRequest {
  /** An http(s) URL or a file path; CSV, JSON Lines or Parquet, gzipped or not. */
  source: string;
  model?: string;
  /** Read at most this many data rows. */
  limit?: number;
}

/**
 * Who named an ingest's source. The operator (`pnpm ingest`, the auto-ingest
 * of DATASET_URL) may name any file or address the worker can reach; a
 * request (`POST /ingest`) is held to SOURCES_DIR and to public addresses, by
 * the API and again by the worker. A job without an origin counts as a request.
 */
export type IngestOrigin = 'operator' | 'request';

export type IngestMode = 'build' | 'upsert';

export interface IngestSourceJob {
  source: string;
  origin?: IngestOrigin;
  model: string;
  /** The collection written to: a new build, or an existing collection named by the caller. */
  collection: string;
  /** When set, this alias is pointed at `collection` once every batch is stored. */
  activateAlias?: string;
  /** `if-better`: only when the build's default mode measures at least as well as the live build's on its held-out title queries. */
  activateWhen?: 'always' | 'if-better';
  /**
   * `upsert`: write into an existing build (the live one unless named): rows
   * not in it are added, changed ones replaced (same point id), unchanged ones
   * left alone, and only texts it does not hold are embedded. The build keeps
   * its BM25 options, calibration and record. Default `build`.
   */
  mode?: IngestMode;
  /** Which columns make a review (roles left out: the corpus's columns, when the source has them). An upsert uses its build's. */
  mapping?: GivenMapping;
  /** The source's format; detected from its first bytes when left out. */
  format?: SourceFormat;
  /** A CSV's delimiter; detected from its header line when left out. */
  delimiter?: string;
  limit?: number;
  batchSize: number;
  /**
   * Rows held to group reviews of similar length into batches (`INGEST_LENGTH_WINDOW` when
   * enqueued). Fixed with the job, like `batchSize`, so a retry on any worker fills the same
   * batches. Unset (a job enqueued before windows existed): file order.
   */
  lengthWindow?: number;
}

/** How far the reading of a source has come; saved on the job so a retry resumes cleanly. */
export interface SourceReadState {
  step: 'reading' | 'collecting';
  startedAt: number;
  read: number;
  skipped: number;
  /** The first skipped rows with their reasons (at most `MAX_SKIPPED_REASONS`). */
  skippedReasons: SkippedRow[];
  batches: number;
  bytesRead: number;
  /** Size of the source in bytes when known (file size, Content-Length). */
  bytesTotal?: number;
  /** Records in the source when its format says so up front (Parquet): the progress counts by them, not by bytes. */
  recordsTotal?: number;
  readingDone: boolean;
  /** Tries that ended because the source stalled or broke off (the ingest fails at the third). */
  sourceFailures?: number;
}

export const MAX_SKIPPED_REASONS = 100;

export interface EmbedBatchJob {
  collection: string;
  model: string;
  batch: number;
  /** `upsert`: compare with what the collection holds first (see `IngestSourceJob.mode`). */
  mode?: IngestMode;
  rows: ReviewRow[];
  /** Set once the batch failed for good: the row numbers it held (its texts are dropped). */
  droppedRows?: number[];
}

export interface EmbedBatchResult {
  /** Texts embedded by the model in this batch. */
  embedded: number;
  /** Texts whose vectors came from the embedding cache. */
  cached: number;
  upserted: number;
  /** An upsert's rows by what they did to the collection: new points, points replaced, points already so. */
  changes?: UpsertChanges;
}

/** The reader's state as saved on a source job's progress. */
export function isReadState(progress: unknown): progress is SourceReadState {
  return typeof progress === 'object' && progress !== null && 'step' in progress && 'read' in progress;
}
