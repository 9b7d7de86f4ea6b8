import { Router } from 'express';
import { z } from 'zod';
import { validate } from '../http/validate';
import { searchReviews, type SearchDeps } from '../search.service';
import { MAX_QUERY_LENGTH } from './search.routes';
import { searchCompareAnswer } from '../answers/search';

export const searchCompareBody = z.strictObject({
  query: z.string().trim().min(1, 'must not be empty').max(MAX_QUERY_LENGTH),
  models: z.array(z.string().trim().min(1).max(512)).min(2).max(6),
  limit: z.number().int().min(1).max(100).default(10),
  mode: z.enum(['dense', 'sparse', 'hybrid']).default('hybrid'),
});

/**
 * `POST /search/compare {query, models}`: the same query on the newest
 * collection of each model, side by side, with how much each pair's top
 * results overlap.
 */
export function searchCompareRoutes(deps: SearchDeps & { collection: string }): Router {
  const router = Router();
  router.post('/search/compare', async (req, res) => {
    const body = validate(searchCompareBody, req.body);
    const results = [];
    for (const model of body.models) {
      const collection = await deps.models.choose({ model }, deps.collection);
      const found = await searchReviews(deps, { collection, query: body.query, limit: body.limit, mode: body.mode });
      results.push({ model, collection, ...found });
    }
    const overlap = [];
    for (let i = 0; i < results.length; i += 1) {
      for (let j = i + 1; j < results.length; j += 1) {
        const a = new Set(results[i]!.results.map((r) => r.id));
        const shared = results[j]!.results.filter((r) => a.has(r.id)).length;
        overlap.push({ a: results[i]!.model, b: results[j]!.model, shared, of: body.limit, share: Math.round((shared / body.limit) * 1000) / 1000 });
      }
    }
    res.json({ query: body.query, limit: body.limit, mode: body.mode, results, overlap } satisfies z.output<typeof searchCompareAnswer>);
  });
  return router;
}
