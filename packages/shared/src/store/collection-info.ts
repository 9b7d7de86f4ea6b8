import { z } from 'zod';
import { searchCalibrationSchema } from '../calibration/search-calibration';
import { bm25OptionsSchema } from '../lexical/bm25-options';
import { buildRecordSchema } from './build-record';
import { buildSchemaShape } from './build-schema';

/** A collection of the store, with what its build recorded in its metadata. */
export const collectionInfoSchema = z.object({
  name: z.string(),
  dimension: z.number().int(),
  model: z.string().optional().describe('The embedding model the collection was built with (the name of its dense vector).'),
  points: z.number().int(),
  status: z.string().describe("Qdrant's status of the collection (`green`, `yellow`, ...)."),
  calibration: searchCalibrationSchema
    .optional()
    .describe('How the build fuses dense and sparse (recorded at the end of its ingest); absent before that.'),
  bm25: bm25OptionsSchema.optional().describe("How Qdrant's BM25 makes the build's sparse vectors, as the build recorded it; absent before it is recorded."),
  build: buildRecordSchema.optional().describe("The build's state, start and activation stamp; absent for collections made before builds kept a record."),
  schema: buildSchemaShape
    .optional()
    .describe("The build's source format, column mapping and payload fields; absent for builds made before schemas were kept."),
});
export type CollectionInfo = z.output<typeof collectionInfoSchema>;
