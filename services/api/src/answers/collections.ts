import { z } from 'zod';
import { bm25OptionsSchema, buildRecordSchema, buildSchemaShape, searchCalibrationSchema } from '@review-search/shared';
import { named } from './answer-schemas';

const collectionName = z.string();

export const collectionInfo = named(
  'Collection',
  z.object({
    name: collectionName,
    dimension: z.number().int(),
    model: z.string().optional().describe('The embedding model it was built with (absent: not built by review search).'),
    points: z.number().int(),
    status: z.string().describe("Qdrant's status of the collection (`green`, `yellow`, ...)."),
    calibration: searchCalibrationSchema.optional().describe('How the build fuses dense and sparse, measured at the end of its ingest.'),
    bm25: bm25OptionsSchema.optional().describe("How Qdrant's BM25 makes the build's sparse vectors."),
    build: buildRecordSchema.optional().describe("The build's state, start and activation stamp (milliseconds)."),
    schema: buildSchemaShape.optional().describe("The build's source format, column mapping and payload fields."),
    live: z.boolean(),
    state: z.enum(['live', 'building', 'kept']).describe('live (the alias points at it), building (its ingest runs), or kept.'),
  }),
);

/** `GET /collections`. */
export const collectionsAnswer = named(
  'Collections',
  z.object({
    alias: z.string().describe('The alias searches read by default.'),
    live: collectionName.nullable().describe('The collection the alias points at; null before the first build.'),
    collections: z.array(collectionInfo),
  }),
);

/** `POST /collections/{name}/activate`. */
export const activationAnswer = named(
  'Activation',
  z.object({ alias: z.string(), live: collectionName, previous: collectionName.nullable() }),
);

const snapshot = z.object({
  name: z.string(),
  size: z.number().int().describe('Bytes.'),
  createdAt: z.string().nullable(),
});

/** `POST /collections/{name}/snapshots`. */
export const snapshotAnswer = named('Snapshot', z.object({ collection: collectionName, snapshot }));

/** `GET /collections/{name}/snapshots`. */
export const snapshotsAnswer = named('Snapshots', z.object({ collection: collectionName, snapshots: z.array(snapshot) }));
