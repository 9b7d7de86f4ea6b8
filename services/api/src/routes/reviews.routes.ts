import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '@review-search/shared';
import { collectionChoice, orderedRanges, pickFilter, reviewFilterQuery, reviewId } from '../http/schemas';
import { validate } from '../http/validate';
import { elapsedMs, type SearchDeps } from '../search.service';
import { pageQueryFields } from '../search/page-fields';
import { rankedPage } from '../search/ranked-page';
import { assertFilterFits } from '../search/filter-fits';
import { storedReview } from '../answers/review';
import { similarAnswer } from '../answers/search';

export const idParams = z.strictObject({ id: reviewId });
export const similarQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(5),
    ...pageQueryFields,
    ...collectionChoice,
    ...reviewFilterQuery,
  })
  .superRefine(orderedRanges);

/** One stored review, and the reviews most similar to it (by its stored vector). */
export function reviewsRoutes(deps: SearchDeps & { collection: string }): Router {
  const router = Router();
  router.get('/reviews/:id', async (req, res) => {
    const { id } = validate(idParams, req.params, 'path');
    const { collection } = await deps.models.resolve(deps.collection);
    const [found] = await deps.store.getReviews(collection, [id]);
    if (!found) throw new NotFoundError(`no review '${id}' in collection '${deps.collection}'`);
    res.json(found satisfies z.output<typeof storedReview>);
  });
  router.get('/reviews/:id/similar', async (req, res) => {
    const started = performance.now();
    const { id } = validate(idParams, req.params, 'path');
    const query = validate(similarQuery, req.query, 'query');
    const { collection, model } = await deps.models.resolve(await deps.models.choose(query, deps.collection));
    const [review] = await deps.store.getReviews(collection, [id]);
    if (!review) throw new NotFoundError(`no review '${id}' in collection '${deps.collection}'`);
    const filter = pickFilter(query);
    assertFilterFits(filter, await deps.models.schema(collection), collection);
    const page = await rankedPage(
      ({ withVectors, ...ranking }) => deps.store.similarReviews(collection, model, id, { ...ranking, filter, withVector: withVectors ? model : undefined }),
      query,
      true,
    );
    res.json({ review, ...page, took_ms: elapsedMs(started) } satisfies z.output<typeof similarAnswer>);
  });
  return router;
}
