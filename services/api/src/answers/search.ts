import { z } from 'zod';
import { reviewId } from '../http/schemas';
import { named } from './answer-schemas';
import { review, storedReview } from './review';

const fusionWeights = z.object({
  method: z.enum(['rrf', 'convex']).describe('`rrf`: each list adds weight / (k + rank); `convex`: weight x its min-max normalised score.'),
  dense: z.number(),
  sparse: z.number(),
  k: z.number().describe('The RRF constant (unused by `convex`).'),
});

const explanation = named(
  'SearchExplanation',
  z
    .object({
      denseScore: z.number().nullable(),
      denseRank: z.number().int().nullable(),
      sparseScore: z.number().nullable(),
      sparseRank: z.number().int().nullable(),
      weights: fusionWeights,
    })
    .describe('Where the result stood in each list (1-based rank, null when the list did not have it), and the weights: with `explain: true`.'),
);

const duplicates = z
  .object({ count: z.number().int().min(1), ids: z.array(reviewId) })
  .describe('The near-identical reviews folded into this one ("and 3 more like it"), best ranked first. Absent when none.');

export const scoredReview = named(
  'ScoredReview',
  z.object({
    id: reviewId,
    score: z.number().describe('Dense: cosine similarity to the query; sparse: BM25; hybrid: the fusion\'s score.'),
    review,
    duplicates: duplicates.optional(),
    explain: explanation.optional(),
  }),
);

const page = {
  results: z.array(scoredReview),
  collapsed: z.boolean().describe('Whether near-identical reviews were folded.'),
  took_ms: z.number(),
};

const fusion = fusionWeights
  .extend({ source: z.enum(['calibrated', 'default']).describe("`calibrated`: the build's own measured weights.") })
  .describe('Hybrid only: the fusion used.');

/** `POST /search`. */
export const searchAnswer = named('SearchAnswer', z.object({ ...page, fusion: fusion.optional() }));

/** `GET /reviews/{id}/similar`. */
export const similarAnswer = named('SimilarAnswer', z.object({ review: storedReview, ...page }));

/** `POST /search/compare`. */
export const searchCompareAnswer = named(
  'SearchCompareAnswer',
  z.object({
    query: z.string(),
    limit: z.number().int(),
    mode: z.enum(['dense', 'sparse', 'hybrid']),
    results: z.array(z.object({ model: z.string(), collection: z.string(), ...page, fusion: fusion.optional() })),
    overlap: z.array(
      z
        .object({ a: z.string(), b: z.string(), shared: z.number().int(), of: z.number().int(), share: z.number() })
        .describe('How many of the top `of` results models `a` and `b` share.'),
    ),
  }),
);
