import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { ForbiddenError, isBuildOf, NotFoundError, ROLE_FIELDS, type BuildSchema, type SourceValue, type StoredReview, type VectorStore } from '@review-search/shared';
import type { CollectionModels } from '../collection-models';
import { validate } from '../http/validate';

export const exportParams = z.strictObject({ name: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a collection name') });
export const exportQuery = z.strictObject({
  format: z.enum(['csv', 'jsonl']).default('csv'),
  limit: z.coerce.number().int().min(1).optional(),
});

/**
 * `GET /collections/:name/export`: every stored review with its embedding,
 * streamed page by page. CSV has one column per dimension (`e0`, `e1`, ...), so
 * `pandas.read_csv` gives the exercise's DataFrame directly; JSONL has an
 * `embedding` array per line (`pandas.read_json(..., lines=True)`). Only the
 * alias and its builds are exported, never another alias's collection.
 */
export function exportRoutes(deps: { store: VectorStore; models: CollectionModels; alias: string }): Router {
  const router = Router();
  router.get('/collections/:name/export', async (req, res) => {
    const { name } = validate(exportParams, req.params, 'path');
    if (name !== deps.alias && !isBuildOf(deps.alias, name)) {
      throw new ForbiddenError(`'${name}' is not alias '${deps.alias}' or one of its builds: only those are exported here`, { alias: deps.alias });
    }
    const { format, limit } = validate(exportQuery, req.query, 'query');
    const info = await deps.store.describeCollection(name);
    if (!info) throw new NotFoundError(`no collection '${name}'`);
    const { collection, model } = await deps.models.resolve(name);
    const reviews = deps.store.scrollReviews(collection, model, { limit });
    res.setHeader('X-Embedding-Model', model);
    res.attachment(`${name}.${format}`);
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    const rows = format === 'csv' ? csvRows(reviews, payloadFields(info.schema), info.dimension) : jsonLines(reviews);
    await pipeline(rows, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  return router;
}

/** A build made before schemas were kept holds the corpus's fields. */
const CORPUS_FIELDS = ['reviewerID', 'asin', 'reviewerName', 'helpful', 'reviewText', 'overall', 'summary', 'unixReviewTime', 'reviewTime', 'textLength'];

/** The payload fields of a build's reviews: the roles' (text first), then the columns it kept. */
function payloadFields(schema: BuildSchema | undefined): string[] {
  if (!schema) return CORPUS_FIELDS;
  return [ROLE_FIELDS.text, ROLE_FIELDS.title, ROLE_FIELDS.rating, ROLE_FIELDS.group, ROLE_FIELDS.date, 'textLength', ...schema.mapping.keep];
}

/** A payload value as a CSV cell: lists and objects as JSON (`[3,7]`, which an ingest reads back as a list). */
function cell(value: SourceValue | undefined): string | number | boolean | null {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : (value ?? null);
}

function csvRows(reviews: AsyncGenerator<StoredReview>, fields: readonly string[], dimension: number): NodeJS.ReadableStream {
  const embeddingColumns = Array.from({ length: dimension }, (_, i) => `e${i}`);
  const records = Readable.from(
    (async function* () {
      for await (const { id, review, vector } of reviews) yield [id, ...fields.map((field) => cell(review[field])), ...(vector ?? [])];
    })(),
  );
  return records.pipe(stringify({ header: true, columns: ['id', ...fields, ...embeddingColumns], cast: { number: String } }));
}

function jsonLines(reviews: AsyncGenerator<StoredReview>): Readable {
  return Readable.from(
    (async function* () {
      for await (const { id, review, vector } of reviews) yield `${JSON.stringify({ id, ...review, embedding: vector })}\n`;
    })(),
  );
}
