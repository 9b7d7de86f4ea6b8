import { z } from 'zod';
import { reviewId } from '../http/schemas';
import { PROJECTION_METHODS } from '../projection/projection-methods';
import { named } from './answer-schemas';

/** `GET /projection`. */
export const projectionAnswer = named(
  'Projection',
  z.object({
    collection: z.string(),
    model: z.string(),
    method: z.enum(PROJECTION_METHODS),
    seed: z.number().int(),
    sample: z.number().int().describe('Reviews asked for (points may be fewer in a smaller collection).'),
    lengthSplit: z.number().describe('Characters above which a review is `long`.'),
    points: z.array(
      z.object({
        id: reviewId,
        x: z.number(),
        y: z.number(),
        textLength: z.number().int(),
        lengthClass: z.enum(['short', 'long']),
        rating: z.number().nullable(),
        summary: z.string(),
        excerpt: z.string().describe('The start of the review, for a hover.'),
      }),
    ),
    took_ms: z.number(),
  }),
);
