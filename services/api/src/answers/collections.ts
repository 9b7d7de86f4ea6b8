import { z } from 'zod';
import { collectionInfoSchema, collectionSnapshotSchema } from '@review-search/shared';
import { named } from './answer-schemas';

export const collectionInfo = named(
  'Collection',
  collectionInfoSchema.extend({
    live: z.boolean(),
    state: z.enum(['live', 'building', 'kept']).describe('live (the alias points at it), building (its ingest runs), or kept.'),
  }),
);

/** `GET /collections`. */
export const collectionsAnswer = named(
  'Collections',
  z.object({
    alias: z.string().describe('The alias searches read by default.'),
    live: z.string().nullable().describe('The collection the alias points at; null before the first build.'),
    collections: z.array(collectionInfo),
  }),
);

/** `POST /collections/{name}/activate`. */
export const activationAnswer = named('Activation', z.object({ alias: z.string(), live: z.string(), previous: z.string().nullable() }));

const snapshot = named('CollectionSnapshot', collectionSnapshotSchema);

/** `POST /collections/{name}/snapshots`. */
export const snapshotAnswer = named('Snapshot', z.object({ collection: z.string(), snapshot }));

/** `GET /collections/{name}/snapshots`. */
export const snapshotsAnswer = named('Snapshots', z.object({ collection: z.string(), snapshots: z.array(snapshot) }));
