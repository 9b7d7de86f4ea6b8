import { z } from 'zod';
import { searchCalibrationSchema } from '../calibration/search-calibration';
import { columnMappingSchema } from '../sources/column-mapping';
import { SOURCE_FORMATS } from '../sources/source-records';
import { INGEST_STATES } from './ingest-state';

/**
 * What `GET /ingest/{jobId}` answers (and `pnpm ingest` prints): an ingest's
 * state, progress and result. Declared once, as zod schemas: the types below
 * are theirs, and the API's OpenAPI document is made from them.
 */

const count = z.number().int().min(0);

export const skippedRowSchema = z.object({
  row: z.number().int().describe('1 = the first data row after the header.'),
  reason: z.string(),
});
export type SkippedRow = z.output<typeof skippedRowSchema>;

export const upsertChangesSchema = z
  .object({ added: count, replaced: count, unchanged: count })
  .describe("An upsert's rows by what they did to the collection: new points, points replaced, points already so (`upserted` = added + replaced).");
export type UpsertChanges = z.output<typeof upsertChangesSchema>;

export const activationDecisionSchema = z
  .object({
    activated: z.boolean(),
    winner: z.string().describe('The build live after the ingest.'),
    live: z.string().nullable().describe('The build that was live before, if any.'),
    queries: z.number().int(),
    buildMrrAt10: z.number().nullable().describe("MRR@10 of the new build's default mode; null when not measured."),
    liveMrrAt10: z.number().nullable(),
    margin: z.number().nullable().describe('buildMrrAt10 - liveMrrAt10, when both were measured.'),
    reason: z.string(),
  })
  .describe("The outcome of `activate: \"if-better\"`: both builds' default mode on the new build's held-out title queries.");
export type ActivationDecision = z.output<typeof activationDecisionSchema>;

export const ingestProgressSchema = z.object({
  read: count.describe('Rows read from the source.'),
  embedded: count,
  cached: count.describe('Texts whose vectors came from the embedding cache.'),
  upserted: count,
  skipped: count,
  percent: z.number().min(0).max(100),
  rate: z.number().describe('Reviews stored per second so far.'),
  eta: z.number().nullable().describe('Seconds left at the current rate; null while unknown.'),
});
export type IngestProgress = z.output<typeof ingestProgressSchema>;

export const ingestResultSchema = z.object({
  collection: z.string(),
  model: z.string(),
  read: count,
  embedded: count,
  cached: count,
  upserted: count,
  skipped: count,
  batches: count,
  points: count.describe('Points in the collection when the ingest finished.'),
  activated: z.string().nullable().describe('The alias now pointing at this collection, if the ingest switched one.'),
  calibration: searchCalibrationSchema.optional().describe('The fusion the build was calibrated to (stored with the collection).'),
  activation: activationDecisionSchema.optional(),
  stayedInactive: z.string().optional().describe('Why a build asked to go live did not: the alias moved to a newer build, or was activated by hand, while it ran.'),
  pruned: z.array(z.string()).optional().describe('Superseded builds of the alias deleted when this one completed (past `BUILDS_KEEP`).'),
  changes: upsertChangesSchema.optional(),
  tookMs: z.number(),
  rate: z.number().describe('Reviews per second, source to stored.'),
});
export type IngestResult = z.output<typeof ingestResultSchema>;

export const ingestStatusSchema = z.object({
  jobId: z.string(),
  state: z.enum(INGEST_STATES),
  request: z.object({
    source: z.string(),
    model: z.string(),
    collection: z.string(),
    activateAlias: z.string().optional(),
    activateWhen: z.enum(['always', 'if-better']).optional(),
    limit: z.number().int().optional(),
    mapping: columnMappingSchema
      .partial()
      .optional()
      .describe('The mapping asked for (what the build read the source as: its schema, in GET /collections).'),
    format: z.enum(SOURCE_FORMATS).optional(),
    delimiter: z.string().optional(),
  }),
  progress: ingestProgressSchema,
  skippedReasons: z.array(skippedRowSchema).describe('The first skipped rows, with why.'),
  result: ingestResultSchema.nullable(),
  failedReason: z.string().nullable(),
});
export type IngestStatus = z.output<typeof ingestStatusSchema>;
