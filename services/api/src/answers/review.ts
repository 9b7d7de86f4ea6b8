import { z } from 'zod';
import { reviewId } from '../http/schemas';
import { named } from './answer-schemas';

/**
 * A stored review: its roles under the corpus's field names (whatever the
 * source's columns were called: see the build's `schema.mapping` in
 * `GET /collections`), and the columns the build kept, under their own names.
 */
export const review = named(
  'Review',
  z
    .object({
      reviewText: z.string().describe('The text (the mapping\'s `text` columns).'),
      summary: z.string().describe('The title (`title`); empty when the source has none.'),
      overall: z.number().nullable().describe('The rating (`rating`); null when missing.'),
      asin: z.string().describe('The group (`group`: the product, the app, the thread); empty when none.'),
      unixReviewTime: z.number().nullable().describe('The date (`date`), in seconds since 1970; null when missing.'),
      textLength: z.number().int().describe('Characters in `reviewText`.'),
    })
    .catchall(z.unknown().describe('A column the build kept (`mapping.keep`): text, number, boolean, list, object or null.')),
);

/** `GET /reviews/{id}`. */
export const storedReview = named('StoredReview', z.object({ id: reviewId, review }));
