import { Router } from 'express';
import { z } from 'zod';
import { assertEmbeddingModel, NotFoundError, type Config, type IngestQueue } from '@review-search/shared';
import { validate } from '../http/validate';

const ingestBody = z.strictObject({
  source: z.string().trim().min(1, 'must be an http(s) URL or a file path').max(4096),
  model: z.string().trim().min(1).max(512).optional(),
  limit: z.number().int().min(1).optional(),
});

const jobParams = z.strictObject({ jobId: z.string().min(1).max(200) });

export function ingestRoutes(deps: { queue: IngestQueue; config: Config }): Router {
  const router = Router();
  router.post('/ingest', async (req, res) => {
    const body = validate(ingestBody, req.body);
    const model = body.model ?? deps.config.embeddingModel;
    assertEmbeddingModel(model);
    const jobId = await deps.queue.enqueue({
      source: body.source,
      model,
      collection: deps.config.collection,
      limit: body.limit,
      batchSize: deps.config.ingest.batchSize,
    });
    res.status(202).location(`/ingest/${jobId}`).json({ jobId });
  });
  router.get('/ingest/:jobId', async (req, res) => {
    const { jobId } = validate(jobParams, req.params, 'path');
    const status = await deps.queue.status(jobId);
    if (!status) throw new NotFoundError(`no ingest job '${jobId}'`);
    res.json(status);
  });
  return router;
}
