import { Router } from 'express';
import { z } from 'zod';
import { assertEmbeddingModel, buildCollectionName, InputError, NotFoundError, type Config, type IngestQueue } from '@review-search/shared';
import { checkIngestSource } from '../http/source-guard';
import { validate } from '../http/validate';

export const ingestBody = z.strictObject({
  source: z.string().trim().min(1, 'must be an http(s) URL or a file inside SOURCES_DIR').max(4096),
  model: z.string().trim().min(1).max(512).optional(),
  limit: z.number().int().min(1).optional(),
  /** Write into this existing (or new) collection instead of a new build. */
  collection: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'letters, digits, "_" and "-" only').optional(),
  /**
   * Point the live alias at the collection when the ingest completes (default: yes for a new build of the
   * whole source, no with `limit` or `collection`);
   * `if-better`: only if its default search measures at least as well as the live build's.
   */
  activate: z.union([z.boolean(), z.enum(['if-better'])]).optional(),
});

export const jobParams = z.strictObject({ jobId: z.string().min(1).max(200) });

export function ingestRoutes(deps: { queue: IngestQueue; config: Config }): Router {
  const router = Router();
  router.post('/ingest', async (req, res) => {
    const body = validate(ingestBody, req.body);
    const model = body.model ?? deps.config.embeddingModel;
    assertEmbeddingModel(model, deps.config);
    await checkIngestSource(body.source, deps.config);
    const alias = deps.config.collection;
    if (body.collection === alias) {
      throw new InputError(`'${alias}' is the live alias: name a collection, or leave collection out to build a new one`);
    }
    const collection = body.collection ?? buildCollectionName(alias, model);
    // A partial build (`limit`) never replaces the live one unless asked.
    const activate = body.activate ?? (body.collection === undefined && body.limit === undefined);
    const jobId = await deps.queue.enqueue({
      source: body.source,
      origin: 'request',
      model,
      collection,
      activateAlias: activate ? alias : undefined,
      ...(activate === 'if-better' ? { activateWhen: 'if-better' as const } : {}),
      limit: body.limit,
      batchSize: deps.config.ingest.batchSize,
      lengthWindow: deps.config.ingest.lengthWindow,
    });
    res.status(202).location(`/ingest/${jobId}`).json({ jobId, collection, activate });
  });
  router.get('/ingest/:jobId', async (req, res) => {
    const { jobId } = validate(jobParams, req.params, 'path');
    const status = await deps.queue.status(jobId);
    if (!status) throw new NotFoundError(`no ingest job '${jobId}'`);
    res.json(status);
  });
  return router;
}
