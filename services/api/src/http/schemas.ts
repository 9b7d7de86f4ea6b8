import type { ReviewFilter } from '@review-search/shared';
import { z } from 'zod';

/**
 * A review id as stored: a UUID, derived from the review's content. (Qdrant
 * also allows integer ids, but review search never writes them and the store
 * reads ids as UUIDs.)
 */
export const reviewId = z
  .string()
  // Spelled out rather than with the `i` flag: the OpenAPI document carries the pattern but not its flags.
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a review id (a UUID)');

/** A rating bound: any number (a build's ratings are what its source holds: 1-5 stars, 0-10, ...). */
const rating = z.number().min(-1e9).max(1e9);
const length = z.number().int().min(0);
/**
 * A date bound: seconds since 1970, or an ISO 8601 time (`2014-02-28T10:00:00Z`) or date (`2014-02-28`:
 * from its first second, or to its last as an upper bound, in UTC). Query strings give numbers as text.
 */
function dateBound(edge: 'from' | 'to', fromQuery = false) {
  const seconds = fromQuery ? z.coerce.number() : z.number();
  return z
    .union([z.iso.datetime({ offset: true }), z.iso.date(), seconds.int().min(-1e11).max(1e11)])
    .transform((value, ctx) => {
      if (typeof value === 'number') return value;
      const start = Math.floor(Date.parse(value) / 1000);
      if (!Number.isFinite(start)) {
        ctx.issues.push({ code: 'custom', message: 'is not a date', input: value });
        return z.NEVER;
      }
      return edge === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? start + 86_399 : start;
    });
}
const groupValue = z.string().trim().min(1).max(200);

/** Which collection a request reads: a collection (or alias) by name, or the newest built with a model. */
export const collectionChoice = {
  collection: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a collection name').optional(),
  model: z.string().trim().min(1).max(512).optional(),
};

/** Filters on the stored review, shared by search and similar; each by the build's mapping (its rating, group, date). */
export const reviewFilterFields = {
  minRating: rating.optional(),
  maxRating: rating.optional(),
  minLength: length.optional(),
  maxLength: length.optional(),
  /** Only reviews of this group (the product, the app, the thread: the mapping's `group`). */
  group: groupValue.optional(),
  /** The same filter as `group`, by the corpus's name for it (`group` wins when both are given). */
  asin: groupValue.optional(),
  /** Written at or after (the mapping's `date`). */
  dateFrom: dateBound('from').optional(),
  /** Written at or before. */
  dateTo: dateBound('to').optional(),
};

/** The same filters as query-string values (`?minRating=4`). */
export const reviewFilterQuery = {
  minRating: z.coerce.number().min(-1e9).max(1e9).optional(),
  maxRating: z.coerce.number().min(-1e9).max(1e9).optional(),
  minLength: z.coerce.number().int().min(0).optional(),
  maxLength: z.coerce.number().int().min(0).optional(),
  group: groupValue.optional(),
  asin: groupValue.optional(),
  dateFrom: dateBound('from', true).optional(),
  dateTo: dateBound('to', true).optional(),
};

export function pickFilter<T extends Record<string, unknown>>(input: T): ReviewFilter {
  const { minRating, maxRating, minLength, maxLength, group, asin, dateFrom, dateTo } = input as Record<string, never>;
  const filter: ReviewFilter = { minRating, maxRating, minLength, maxLength, asin: group ?? asin, dateFrom, dateTo };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** Refuses a range whose minimum is above its maximum. */
export function orderedRanges(
  value: { minRating?: number; maxRating?: number; minLength?: number; maxLength?: number; dateFrom?: number; dateTo?: number; group?: string; asin?: string },
  ctx: z.RefinementCtx,
) {
  if (value.dateFrom !== undefined && value.dateTo !== undefined && value.dateFrom > value.dateTo) {
    ctx.addIssue({ code: 'custom', path: ['dateFrom'], message: 'must not be after dateTo' });
  }

  if (value.minRating !== undefined && value.maxRating !== undefined && value.minRating > value.maxRating) {
    ctx.addIssue({ code: 'custom', path: ['minRating'], message: 'must not be above maxRating' });
  }
  if (value.minLength !== undefined && value.maxLength !== undefined && value.minLength > value.maxLength) {
    ctx.addIssue({ code: 'custom', path: ['minLength'], message: 'must not be above maxLength' });
  }
}
