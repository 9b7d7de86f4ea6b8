import { z } from 'zod';
import { buildSchemaShape, searchCalibrationSchema, SOURCE_FORMATS } from '@review-search/shared';
import { named } from './answer-schemas';

/** `POST /ingest` (202). */
export const ingestAccepted = named(
  'IngestAccepted',
  z.object({
    jobId: z.string().describe('Follow it at `GET /ingest/{jobId}` (also in the `Location` header).'),
    collection: z.string().describe('The collection it writes.'),
    activate: z.union([z.boolean(), z.literal('if-better')]).describe('Whether the alias moves to it when it completes.'),
    mode: z.literal('upsert').optional(),
  }),
);

const count = z.number().int().min(0);

export const ingestProgress = named(
  'IngestProgress',
  z.object({
    read: count.describe('Rows read from the source.'),
    embedded: count,
    cached: count.describe('Texts whose vectors came from the embedding cache.'),
    upserted: count,
    skipped: count,
    percent: z.number().min(0).max(100),
    rate: z.number().describe('Reviews stored per second so far.'),
    eta: z.number().nullable().describe('Seconds left at the current rate; null while unknown.'),
  }),
);

const changes = z
  .object({ added: count, replaced: count, unchanged: count })
  .describe('An upsert: rows added, replaced, and left as they were (`upserted` = added + replaced).');

const activationDecision = z
  .object({
    activated: z.boolean(),
    winner: z.string(),
    live: z.string().nullable(),
    queries: z.number().int(),
    buildMrrAt10: z.number().nullable(),
    liveMrrAt10: z.number().nullable(),
    margin: z.number().nullable(),
    reason: z.string(),
  })
  .describe('`activate: "if-better"`: which build won, by how much and why.');

export const ingestResult = named(
  'IngestResult',
  z.object({
    collection: z.string(),
    model: z.string(),
    read: count,
    embedded: count,
    cached: count,
    upserted: count,
    skipped: count,
    batches: count,
    points: count.describe('Points in the collection when the ingest finished.'),
    activated: z.string().nullable().describe('The alias it switched to this collection, if any.'),
    calibration: searchCalibrationSchema
      .optional()
      .describe('The fusion the build was calibrated to.'),
    activation: activationDecision.optional(),
    stayedInactive: z.string().optional().describe('Why a build asked to go live did not (a newer build or a manual activation came first).'),
    pruned: z.array(z.string()).optional().describe('Superseded builds deleted when this one completed (past `BUILDS_KEEP`).'),
    changes: changes.optional(),
    tookMs: z.number(),
    rate: z.number(),
  }),
);

/** `GET /ingest/{jobId}`. */
export const ingestStatus = named(
  'IngestStatus',
  z.object({
    jobId: z.string(),
    state: z.enum(['waiting', 'reading', 'embedding', 'switching', 'retrying', 'completed', 'failed']),
    request: z.object({
      source: z.string(),
      model: z.string(),
      collection: z.string(),
      activateAlias: z.string().optional(),
      activateWhen: z.enum(['always', 'if-better']).optional(),
      limit: z.number().int().optional(),
      mapping: buildSchemaShape.shape.mapping.partial().optional().describe('The mapping asked for (what the build made of it: its schema, in GET /collections).'),
      format: z.enum(SOURCE_FORMATS).optional(),
      delimiter: z.string().optional(),
    }),
    progress: ingestProgress,
    skippedReasons: z.array(z.object({ row: z.number().int().describe('1 = the first data row.'), reason: z.string() })),
    result: ingestResult.nullable(),
    failedReason: z.string().nullable(),
  }),
);
