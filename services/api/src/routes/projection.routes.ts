import { Router, type Response } from 'express';
import { z } from 'zod';
import type { CollectionModels } from '../collection-models';
import { collectionChoice } from '../http/schemas';
import { validate } from '../http/validate';
import { PROJECTION_METHODS } from '../projection/projection-methods';
import type { Projection, ProjectionRequest } from '../projection/projection.service';
import { projectionSvg } from '../projection/projection-svg';
import { projectionAnswer } from '../answers/projection';

export const MAX_PROJECTION_SAMPLE = 5000;
/** t-SNE's cost grows with the square of the sample: past this it takes minutes. */
export const MAX_TSNE_SAMPLE = 2000;

export const projectionQuery = z
  .strictObject({
    method: z.enum(PROJECTION_METHODS).default('pca'),
    sample: z.coerce.number().int().min(1).max(MAX_PROJECTION_SAMPLE).default(1000),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(42),
    lengthSplit: z.coerce.number().int().min(0).optional(),
    ...collectionChoice,
  })
  .refine((query) => query.method !== 'tsne' || query.sample <= MAX_TSNE_SAMPLE, {
    path: ['sample'],
    message: `must be at most ${MAX_TSNE_SAMPLE} for t-SNE (its cost grows with the square of the sample)`,
  });

/** `GET /projection` (JSON) and `GET /projection.svg` (a picture) of a sample of the live collection. */
export function projectionRoutes(deps: {
  collection: string;
  models: CollectionModels;
  project(collection: string, request: ProjectionRequest, signal: AbortSignal): Promise<Projection>;
}): Router {
  const router = Router();
  /** The projection, or undefined when the client went away before it was ready (its computation is then stopped). */
  const projectQuery = async (query: unknown, res: Response): Promise<Projection | undefined> => {
    const { collection, model, ...request } = validate(projectionQuery, query, 'query');
    const gone = clientGone(res);
    try {
      return await deps.project(await deps.models.choose({ collection, model }, deps.collection), request, gone);
    } catch (error) {
      if (gone.aborted) return undefined;
      throw error;
    }
  };
  router.get('/projection', async (req, res) => {
    const projection = await projectQuery(req.query, res);
    if (projection) res.json(projection satisfies z.output<typeof projectionAnswer>);
  });
  router.get('/projection.svg', async (req, res) => {
    const projection = await projectQuery(req.query, res);
    if (projection) res.type('image/svg+xml').send(projectionSvg(projection));
  });
  return router;
}

/** Aborts when the connection closes before the answer was sent. */
function clientGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection before the projection was ready'));
  });
  return controller.signal;
}
