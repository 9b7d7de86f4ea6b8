import { Router } from 'express';
import { z } from 'zod';
import { collectionChoice, orderedRanges, pickFilter, reviewFilterFields } from '../http/schemas';
import { validate } from '../http/validate';
import { searchReviews, type SearchDeps } from '../search.service';
import { pageFields } from '../search/page-fields';
import { searchAnswer } from '../answers/search';

export const MAX_QUERY_LENGTH = 10_000;

export const searchBody = z
  .strictObject({
    query: z.string().trim().min(1, 'must not be empty').max(MAX_QUERY_LENGTH),
    limit: z.number().int().min(1).max(100).default(5),
    offset: z.number().int().min(0).max(10_000).default(0),
    scoreThreshold: z.number().min(-1).optional(),
    mode: z.enum(['dense', 'sparse', 'hybrid']).default('hybrid'),
    /** Per result: its dense and sparse scores and ranks, and the fusion's weights. */
    explain: z.boolean().default(false),
    ...pageFields,
    ...collectionChoice,
    ...reviewFilterFields,
  })
  .superRefine(orderedRanges);

export function searchRoutes(deps: SearchDeps & { collection: string }): Router {
  const router = Router();
  router.post('/search', async (req, res) => {
    const body = validate(searchBody, req.body);
    const answer: z.output<typeof searchAnswer> = await searchReviews(deps, {
        collection: await deps.models.choose(body, deps.collection),
        query: body.query,
        mode: body.mode,
        explain: body.explain,
        limit: body.limit,
        offset: body.offset,
        scoreThreshold: body.scoreThreshold,
        diversity: body.diversity,
        collapse: body.collapse,
      filter: pickFilter(body),
    });
    res.json(answer);
  });
  return router;
}
