import { Router } from 'express';
import { z } from 'zod';
import { validate } from '../http/validate';
import { PROJECTION_METHODS } from '../projection/projection-methods';
import type { Projection, ProjectionRequest } from '../projection/projection.service';
import { projectionSvg } from '../projection/projection-svg';

export const MAX_PROJECTION_SAMPLE = 5000;
/** t-SNE's cost grows with the square of the sample: past this it takes minutes. */
export const MAX_TSNE_SAMPLE = 2000;

const projectionQuery = z
  .strictObject({
    method: z.enum(PROJECTION_METHODS).default('pca'),
    sample: z.coerce.number().int().min(1).max(MAX_PROJECTION_SAMPLE).default(1000),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(42),
    lengthSplit: z.coerce.number().int().min(0).optional(),
  })
  .refine((query) => query.method !== 'tsne' || query.sample <= MAX_TSNE_SAMPLE, {
    path: ['sample'],
    message: `must be at most ${MAX_TSNE_SAMPLE} for t-SNE (its cost grows with the square of the sample)`,
  });

/** `GET /projection` (JSON) and `GET /projection.svg` (a picture) of a sample of the live collection. */
export function projectionRoutes(deps: {
  collection: string;
  project(collection: string, request: ProjectionRequest): Promise<Projection>;
}): Router {
  const router = Router();
  router.get('/projection', async (req, res) => {
    res.json(await deps.project(deps.collection, validate(projectionQuery, req.query, 'query')));
  });
  router.get('/projection.svg', async (req, res) => {
    const projection = await deps.project(deps.collection, validate(projectionQuery, req.query, 'query'));
    res.type('image/svg+xml').send(projectionSvg(projection));
  });
  return router;
}
