import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** A review as stored with its vector: the CSV's own field names, plus `textLength`. */
export interface Review {
  reviewerID: string;
  asin: string;
  reviewerName: string;
  /** Helpful votes as `[helpful, total]`, parsed from the CSV's "[0, 0]" text. */
  helpful: [number, number] | null;
  reviewText: string;
  /** The star rating, 1 to 5. */
  overall: number | null;
  summary: string;
  unixReviewTime: number | null;
  reviewTime: string;
  /** Characters in `reviewText`. */
  textLength: number;
}

/** Every field of a review, in the CSV's order (`textLength` last): what a point's payload holds. */
export const REVIEW_FIELDS = [
  'reviewerID',
  'asin',
  'reviewerName',
  'helpful',
  'reviewText',
  'overall',
  'summary',
  'unixReviewTime',
  'reviewTime',
  'textLength',
] as const satisfies readonly (keyof Review)[];

/** A review ready for a batch, with the CSV row it came from (1 = first data row). */
export interface ReviewRow {
  row: number;
  review: Review;
}

/** Fixed namespace for review point ids (a random UUID chosen once). */
const REVIEW_ID_NAMESPACE = '5b0f3c52-8a0e-4d1b-9a43-1f6f2e7c9d10';

/**
 * The Qdrant point id of a review: a UUID derived from reviewerID + asin (one
 * review per reviewer and product), else from the review's content, so an
 * ingest that runs again writes the same points instead of new ones.
 */
export function reviewPointId(review: Pick<Review, 'reviewerID' | 'asin' | 'reviewText' | 'summary'>): string {
  if (review.reviewerID && review.asin) {
    return uuidv5(`review:${review.reviewerID}:${review.asin}`, REVIEW_ID_NAMESPACE);
  }
  const digest = createHash('sha256').update(`${review.summary}\u0000${review.reviewText}`).digest('hex');
  return uuidv5(`content:${digest}`, REVIEW_ID_NAMESPACE);
}

/** Builds a review from a CSV record keyed by header names. Unknown columns are ignored. */
export function reviewFromRecord(record: Record<string, string | undefined>): Review {
  const reviewText = (record.reviewText ?? '').trim();
  return {
    reviewerID: (record.reviewerID ?? '').trim(),
    asin: (record.asin ?? '').trim(),
    reviewerName: record.reviewerName ?? '',
    helpful: parseHelpful(record.helpful),
    reviewText,
    overall: parseNumber(record.overall),
    summary: record.summary ?? '',
    unixReviewTime: parseNumber(record.unixReviewTime),
    reviewTime: record.reviewTime ?? '',
    textLength: reviewText.length,
  };
}

function parseNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function parseHelpful(text: string | undefined): [number, number] | null {
  const match = /^\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]\s*$/.exec(text ?? '');
  return match ? [Number(match[1]), Number(match[2])] : null;
}
