import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { SourceValue } from '../sources/source-records';

/**
 * A review as stored with its vector. Its roles are stored under the
 * reference corpus's names whatever the source called them (see
 * `ColumnMapping`); the columns a build keeps go in beside them under their
 * own names (the corpus: reviewerID, reviewerName, helpful, reviewTime).
 */
export interface Review {
  /** The text (the mapping's `text` columns), trimmed. */
  reviewText: string;
  /** The title (`title`); empty when the source has none. */
  summary: string;
  /** The rating (`rating`), a number; null when missing or not a number. */
  overall: number | null;
  /** The group (`group`: the product, the app, the thread), trimmed; empty when the source has none. */
  asin: string;
  /** The date (`date`) in seconds since 1970; null when missing or unreadable. */
  unixReviewTime: number | null;
  /** Characters in `reviewText`. */
  textLength: number;
  /** Columns kept from the source. */
  [kept: string]: SourceValue;
}

/** A review ready for a batch, with the row it came from (1 = first record) and its point id. */
export interface ReviewRow {
  row: number;
  /** The point id (see `reviewPointId`); absent in batches enqueued before ids were set by the reader. */
  id?: string;
  review: Review;
}

/** Fixed namespace for review point ids (a random UUID chosen once). */
const REVIEW_ID_NAMESPACE = '5b0f3c52-8a0e-4d1b-9a43-1f6f2e7c9d10';

/**
 * The Qdrant point id of a review: a UUID derived from the values of its id
 * columns (the corpus: reviewerID and asin, one review per reviewer and
 * product) when they are all there, else from the review's title and text,
 * so an ingest that runs again writes the same points instead of new ones.
 * Values without ':' or '\\' (the corpus's) give the ids they always gave.
 */
export function reviewPointId(idValues: readonly string[], review: Pick<Review, 'reviewText' | 'summary'>): string {
  if (idValues.length > 0 && idValues.every((value) => value !== '')) {
    // ':' joins the values; one inside a value is escaped (as is '\\'), so `a:b`+`c` and `a`+`b:c` stay two reviews.
    return uuidv5(`review:${idValues.map((value) => value.replace(/[\\:]/g, '\\$&')).join(':')}`, REVIEW_ID_NAMESPACE);
  }
  const digest = createHash('sha256').update(`${review.summary}\u0000${review.reviewText}`).digest('hex');
  return uuidv5(`content:${digest}`, REVIEW_ID_NAMESPACE);
}

/** The id of a review stored with the corpus's columns (a batch enqueued before rows carried their ids). */
export function corpusPointId(review: Review): string {
  const reviewerID = typeof review.reviewerID === 'string' ? review.reviewerID.trim() : '';
  return reviewPointId([reviewerID, review.asin], review);
}
