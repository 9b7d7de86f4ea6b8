import { z } from 'zod';
import { ingestProgressSchema, ingestResultSchema, ingestStatusSchema } from '@review-search/shared';
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

named('IngestProgress', ingestProgressSchema);
named('IngestResult', ingestResultSchema);

/** `GET /ingest/{jobId}`. */
export const ingestStatus = named('IngestStatus', ingestStatusSchema);
