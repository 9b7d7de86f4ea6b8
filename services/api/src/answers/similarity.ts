import { z } from 'zod';
import { reviewId } from '../http/schemas';
import { named } from './answer-schemas';

const side = z.object({
  id: reviewId.nullable().describe('The review compared, or null for a text.'),
  text: z.string(),
});

/** `POST /similarity`. */
export const similarityAnswer = named(
  'SimilarityAnswer',
  z.object({
    similarity: z.number().min(-1).max(1).describe('Cosine similarity of the two embeddings, rounded to 6 decimals.'),
    reading: z.string().describe('The figure read in plain words, against random pairs of the collection.'),
    scale: z.object({ near1: z.string(), near0: z.string(), negative: z.string() }).describe('What values near 1, near 0 and below 0 mean.'),
    baseline: z
      .object({ median: z.number(), p90: z.number(), pairs: z.number().int() })
      .describe("Similarities of random pairs of the collection's reviews (median, 90th percentile, how many pairs)."),
    model: z.string(),
    a: side,
    b: side,
  }),
);
