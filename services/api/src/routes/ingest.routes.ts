import { Router, type Response } from 'express';
import { z } from 'zod';
import {
  assertEmbeddingModel,
  buildCollectionName,
  delimiterSchema,
  givenMapping,
  givenMappingSchema,
  InputError,
  NotFoundError,
  SOURCE_FORMATS,
  sourceLayout,
  upsertTarget,
  type Config,
  type IngestQueue,
  type VectorStore,
} from '@review-search/shared';
import { checkIngestSource } from '../http/source-guard';
import { validate } from '../http/validate';
import { ingestAccepted, ingestStatus } from '../answers/ingest';

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
  /**
   * `upsert`: write into the live build (or `collection`) with its own model: new rows added, changed ones
   * replaced, unchanged ones left alone and not embedded. Default `build`: a new collection.
   */
  mode: z.enum(['build', 'upsert']).optional(),
  /**
   * Which columns make a review: `text` (one column or several, joined), `title`, `rating`, `group`, `id`
   * (columns), `date`, `keep` (other columns stored with the review). Roles left out take the corpus's
   * columns when the source has them (over the COLUMN_* defaults of the environment); null: none.
   */
  mapping: givenMappingSchema.optional(),
  /** The source's format; detected from its first bytes when left out. */
  format: z.enum(SOURCE_FORMATS).optional(),
  /** A CSV's delimiter: `,` `;` `|` or a tab (`tab`); detected from its header line when left out. */
  delimiter: delimiterSchema.optional(),
});

export const jobParams = z.strictObject({ jobId: z.string().min(1).max(200) });

export function ingestRoutes(deps: { queue: IngestQueue; config: Config; store: VectorStore }): Router {
  const router = Router();
  router.post('/ingest', async (req, res) => {
    const body = validate(ingestBody, req.body);
    if (body.mode === 'upsert') {
      await upsert(body, res);
      return;
    }
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
      ...layout(body),
      limit: body.limit,
      batchSize: deps.config.ingest.batchSize,
      lengthWindow: deps.config.ingest.lengthWindow,
    });
    res.status(202).location(`/ingest/${jobId}`).json({ jobId, collection, activate } satisfies z.output<typeof ingestAccepted>);
  });
  // Into a build that exists (the live one unless named), which stays where it is.
  async function upsert(body: z.infer<typeof ingestBody>, res: Response): Promise<void> {
    if (body.activate !== undefined && body.activate !== false) throw new InputError('an upsert writes into a build as it is: activate does not apply');
    if (body.mapping) throw new InputError("an upsert reads its source with the build's own mapping: leave mapping out");
    await checkIngestSource(body.source, deps.config);
    const alias = deps.config.collection;
    if (body.collection === alias) throw new InputError(`'${alias}' is the live alias: leave collection out to upsert into the live build`);
    const { collection, model } = await upsertTarget(deps.store, alias, { collection: body.collection, model: body.model });
    const jobId = await deps.queue.enqueue({
      source: body.source,
      origin: 'request',
      model,
      collection,
      mode: 'upsert',
      ...layout(body),
      limit: body.limit,
      batchSize: deps.config.ingest.batchSize,
      lengthWindow: deps.config.ingest.lengthWindow,
    });
    res.status(202).location(`/ingest/${jobId}`).json({ jobId, collection, activate: false, mode: 'upsert' } satisfies z.output<typeof ingestAccepted>);
  }
  /** The request's mapping (a new build's only), format and delimiter, over the environment's. */
  const layout = (body: z.infer<typeof ingestBody>) =>
    sourceLayout(
      deps.config.ingest.source,
      { mapping: body.mapping ? givenMapping(body.mapping) : undefined, format: body.format, delimiter: body.delimiter },
      { upsert: body.mode === 'upsert' },
    );
  router.get('/ingest/:jobId', async (req, res) => {
    const { jobId } = validate(jobParams, req.params, 'path');
    const status = await deps.queue.status(jobId);
    if (!status) throw new NotFoundError(`no ingest job '${jobId}'`);
    res.json(status satisfies z.output<typeof ingestStatus>);
  });
  return router;
}
