import { Router } from 'express';
import { z } from 'zod';
import { assertConfiguredGenerationModel, type Config, type Logger, type VectorStore } from '@review-search/shared';
import type { CollectionModels } from '../collection-models';
import { summaries } from '../generation/summaries.service';
import { validate } from '../http/validate';
import { pageFields } from '../search/page-fields';
import { MAX_QUERY_LENGTH } from './search.routes';
import { summaryAnswer, summaryComparisonAnswer } from '../answers/summaries';

const common = {
  query: z.string().trim().min(1, 'must not be empty').max(MAX_QUERY_LENGTH),
  limit: z.number().int().min(1).max(20).default(5),
  maxNewTokens: z.number().int().min(8).max(1024).default(120),
  diversity: pageFields.diversity,
};
export const summarizeBody = z.strictObject({ ...common, model: z.string().trim().min(1).max(512).optional() });
export const summarizeCompareBody = z.strictObject({ ...common, models: z.array(z.string().trim().min(1).max(512)).min(1).max(4) });

/** `POST /summarize` and `POST /summarize/compare` (part 5 of the exercise). */
export function summarizeRoutes(deps: { store: VectorStore; models: CollectionModels; config: Config; collection: string; log: Logger }): Router {
  const router = Router();
  const service = summaries(deps);
  router.post('/summarize', async (req, res) => {
    const { model = deps.config.generation.summaryModel, ...request } = validate(summarizeBody, req.body);
    assertConfiguredGenerationModel(model, deps.config, { extractive: true });
    res.json((await service.summarize({ ...request, model })) satisfies z.output<typeof summaryAnswer>);
  });
  router.post('/summarize/compare', async (req, res) => {
    const request = validate(summarizeCompareBody, req.body);
    for (const model of request.models) assertConfiguredGenerationModel(model, deps.config, { extractive: true });
    res.json((await service.compare(request)) satisfies z.output<typeof summaryComparisonAnswer>);
  });
  return router;
}
