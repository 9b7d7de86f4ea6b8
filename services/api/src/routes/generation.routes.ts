import { Router } from 'express';
import { z } from 'zod';
import { assertConfiguredGenerationModel, type Config } from '@review-search/shared';
import { validate } from '../http/validate';
import { EXERCISE_PROMPTS, generation, SWEEP_MAX_NEW_TOKENS } from '../generation/generation.service';
import { generationAnswer, sweepAnswer } from '../answers/generation';

const MAX_PROMPT = 8000;
const sampling = {
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
};
export const generateBody = z.strictObject({
  prompt: z.string().min(1, 'must not be empty').max(MAX_PROMPT),
  maxNewTokens: z.number().int().min(1).max(1024),
  model: z.string().trim().min(1).max(512).optional(),
  ...sampling,
});
export const sweepBody = z.strictObject({
  prompts: z.array(z.string().min(1).max(MAX_PROMPT)).min(1).max(5).default(EXERCISE_PROMPTS),
  maxNewTokens: z.array(z.number().int().min(1).max(1024)).min(1).max(6).default(SWEEP_MAX_NEW_TOKENS),
  model: z.string().trim().min(1).max(512).optional(),
  ...sampling,
});

/** `POST /generate` and `POST /generate/sweep` (part 1 of the exercise). */
export function generationRoutes(config: Config): Router {
  const router = Router();
  const service = generation(config);
  router.post('/generate', async (req, res) => {
    const { model = config.generation.model, ...request } = validate(generateBody, req.body);
    assertConfiguredGenerationModel(model, config, { extractive: false });
    res.json((await service.generate(model, request)) satisfies z.output<typeof generationAnswer>);
  });
  router.post('/generate/sweep', async (req, res) => {
    const { model = config.generation.model, prompts, maxNewTokens, ...sampled } = validate(sweepBody, req.body);
    assertConfiguredGenerationModel(model, config, { extractive: false });
    res.json((await service.sweep(model, prompts, maxNewTokens, sampled)) satisfies z.output<typeof sweepAnswer>);
  });
  return router;
}
