import { Router } from 'express';
import { z } from 'zod';
import type { VectorStore } from '@review-search/shared';
import type { CollectionModels } from '../collection-models';
import { collectionChoice, reviewId } from '../http/schemas';
import { validate } from '../http/validate';
import type { SimilarityBaseline } from '../similarity-baseline';
import { compareTexts } from '../similarity.service';
import { MAX_QUERY_LENGTH } from './search.routes';
import { similarityAnswer } from '../answers/similarity';

const side = z.union([
  z.strictObject({ id: reviewId }),
  z.strictObject({ text: z.string().trim().min(1, 'must not be empty').max(MAX_QUERY_LENGTH) }),
]);
export const similarityBody = z.strictObject({ a: side, b: side, ...collectionChoice });

/** `POST /similarity {a, b}`: cosine similarity of two reviews or texts, read in plain words. */
export function similarityRoutes(deps: {
  store: VectorStore;
  models: CollectionModels;
  baseline: SimilarityBaseline;
  collection: string;
}): Router {
  const router = Router();
  router.post('/similarity', async (req, res) => {
    const { a, b, ...choice } = validate(similarityBody, req.body);
    res.json((await compareTexts(deps, await deps.models.choose(choice, deps.collection), a, b)) satisfies z.output<typeof similarityAnswer>);
  });
  return router;
}
