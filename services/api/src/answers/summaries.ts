import { z } from 'zod';
import { reviewId } from '../http/schemas';
import { named } from './answer-schemas';

export const summaryTheme = z
  .object({
    sentence: z.string().describe('A sentence copied from one of `reviews`: the most central and query-relevant of the theme.'),
    reviews: z.array(reviewId).describe('The retrieved reviews with a sentence in the theme, in retrieval order.'),
    count: z.number().int(),
    meanRating: z.number().nullable().describe('Mean rating of those reviews (the ones that have one).'),
  })
  .describe('One thing the reviews say.');

const summaryFields = {
  summary: z.string().describe('`[n]` cites the n-th of `citations`.'),
  citations: z.array(reviewId).describe('The reviews the summary draws on.'),
  themes: z.array(summaryTheme).nullable().describe("The extractive summary's themes, most supported first; null for a generative model's prose."),
  coverage: z.number().min(0).max(1).describe('Share of the retrieved reviews the summary cites.'),
  took_ms: z.number(),
};

const retrievedReviews = z
  .array(z.object({ id: reviewId, score: z.number(), summary: z.string(), overall: z.number().nullable() }))
  .describe('The reviews the search retrieved for the query, best first.');

/** `POST /summarize`. */
export const summaryAnswer = named('Summary', z.object({ ...summaryFields, model: z.string(), reviews: retrievedReviews }));

const faithfulness = z
  .object({
    supported: z.number().nullable().describe('Share of the summary\'s sentences some retrieved sentence supports (cosine >= threshold); null with none to judge.'),
    threshold: z.number(),
    sentences: z.array(z.object({ sentence: z.string(), best: z.number().describe('Its closest retrieved sentence\'s similarity.') })),
  })
  .describe('How much of the summary the reviews support, by embeddings.');

/** `POST /summarize/compare`. */
export const summaryComparisonAnswer = named(
  'SummaryComparison',
  z.object({
    query: z.string(),
    reviews: retrievedReviews,
    results: z.array(
      z.union([
        z.object({ model: z.string(), ...summaryFields, words: z.number().int(), faithfulness, error: z.null() }),
        z
          .object({
            model: z.string(),
            summary: z.null(),
            citations: z.array(reviewId).describe('None.'),
            themes: z.null(),
            coverage: z.number().describe('0.'),
            took_ms: z.number(),
            words: z.number().int().describe('0.'),
            faithfulness: z.null(),
            error: z.object({ status: z.number().int(), message: z.string() }).describe('Why this model gave no summary (its status as a request of its own).'),
          })
          .describe('A model that failed, beside the others.'),
      ]),
    ),
    took_ms: z.number(),
  }),
);
