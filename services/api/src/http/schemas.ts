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

const rating = z.number().min(1).max(5);
const length = z.number().int().min(0);

/** Which collection a request reads: a collection (or alias) by name, or the newest built with a model. */
export const collectionChoice = {
  collection: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a collection name').optional(),
  model: z.string().trim().min(1).max(512).optional(),
};

/** Filters on the stored review, shared by search and similar. */
export const reviewFilterFields = {
  minRating: rating.optional(),
  maxRating: rating.optional(),
  minLength: length.optional(),
  maxLength: length.optional(),
  asin: z.string().trim().min(1).max(64).optional(),
};

/** The same filters as query-string values (`?minRating=4`). */
export const reviewFilterQuery = {
  minRating: z.coerce.number().min(1).max(5).optional(),
  maxRating: z.coerce.number().min(1).max(5).optional(),
  minLength: z.coerce.number().int().min(0).optional(),
  maxLength: z.coerce.number().int().min(0).optional(),
  asin: z.string().trim().min(1).max(64).optional(),
};

export function pickFilter<T extends Record<string, unknown>>(input: T) {
  const { minRating, maxRating, minLength, maxLength, asin } = input as Record<string, never>;
  return { minRating, maxRating, minLength, maxLength, asin } as {
    minRating?: number;
    maxRating?: number;
    minLength?: number;
    maxLength?: number;
    asin?: string;
  };
}

/** Refuses a range whose minimum is above its maximum. */
export function orderedRanges(value: { minRating?: number; maxRating?: number; minLength?: number; maxLength?: number }, ctx: z.RefinementCtx) {
  if (value.minRating !== undefined && value.maxRating !== undefined && value.minRating > value.maxRating) {
    ctx.addIssue({ code: 'custom', path: ['minRating'], message: 'must not be above maxRating' });
  }
  if (value.minLength !== undefined && value.maxLength !== undefined && value.minLength > value.maxLength) {
    ctx.addIssue({ code: 'custom', path: ['minLength'], message: 'must not be above maxLength' });
  }
}
