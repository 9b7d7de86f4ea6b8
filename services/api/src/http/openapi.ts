import { z } from 'zod';
import { JSON_BODY_LIMIT } from './json-body';
import { collectionNameParams } from '../routes/collections.routes';
import { exportParams, exportQuery } from '../routes/export.routes';
import { generateBody, sweepBody } from '../routes/generation.routes';
import { ingestBody, jobParams } from '../routes/ingest.routes';
import { projectionQuery } from '../routes/projection.routes';
import { idParams, similarQuery } from '../routes/reviews.routes';
import { searchCompareBody } from '../routes/search-compare.routes';
import { searchBody } from '../routes/search.routes';
import { similarityBody } from '../routes/similarity.routes';
import { summarizeBody, summarizeCompareBody } from '../routes/summarize.routes';
import { searchAnswer, similarAnswer } from '../search/page-fields';

interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** What a 200 answers, when documented. */
  answer?: z.ZodType;
  /** Needs the API key when one is set. */
  protected?: boolean;
  /** Refused (403) for a collection that is not this alias's (or one of its builds). */
  ownCollections?: boolean;
  produces?: string;
}

/** Every route of the API, with the zod schemas that validate it. */
export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'The process is up' },
  { method: 'get', path: '/readyz', summary: 'Qdrant, Redis and the embedding model are ready' },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', produces: 'text/plain' },
  { method: 'get', path: '/openapi.json', summary: 'This document' },
  { method: 'post', path: '/search', summary: 'Search the reviews (dense, sparse or hybrid), with filters', body: searchBody, answer: searchAnswer },
  { method: 'post', path: '/search/compare', summary: 'The same query on several models, side by side, with overlap', body: searchCompareBody },
  { method: 'get', path: '/reviews/{id}', summary: 'One stored review', params: idParams },
  { method: 'get', path: '/reviews/{id}/similar', summary: 'The reviews most similar to one', params: idParams, query: similarQuery, answer: similarAnswer },
  { method: 'post', path: '/similarity', summary: 'Cosine similarity of two reviews or texts, read in plain words', body: similarityBody },
  { method: 'get', path: '/projection', summary: '2D map of a sample (PCA, t-SNE, UMAP)', query: projectionQuery },
  { method: 'get', path: '/projection.svg', summary: 'The 2D map as an SVG scatter plot', query: projectionQuery, produces: 'image/svg+xml' },
  { method: 'get', path: '/collections', summary: 'Collections, their models and sizes, and the live one' },
  { method: 'post', path: '/collections/{name}/activate', summary: 'Make a collection live (atomic alias switch)', params: collectionNameParams, protected: true },
  { method: 'post', path: '/collections/{name}/snapshots', summary: 'Back a collection (or the live one, by the alias) up: Qdrant makes a snapshot on its disk', params: collectionNameParams, protected: true },
  { method: 'get', path: '/collections/{name}/snapshots', summary: "The snapshots Qdrant holds of a collection (or of the live one)", params: collectionNameParams, protected: true },
  { method: 'delete', path: '/collections/{name}', summary: "Delete one of this alias's builds (never the live one)", params: collectionNameParams, protected: true, ownCollections: true },
  { method: 'get', path: '/collections/{name}/export', summary: "Reviews with their embeddings, as CSV or JSONL, of this alias or one of its builds (the API key unless PUBLIC_EXPORT=true)", params: exportParams, query: exportQuery, produces: 'text/csv', protected: true, ownCollections: true },
  { method: 'post', path: '/ingest', summary: 'Ingest a CSV into a new build, a named collection, or (mode upsert) the live build', body: ingestBody, protected: true },
  { method: 'get', path: '/ingest/{jobId}', summary: 'Progress and result of an ingest', params: jobParams, protected: true },
  { method: 'post', path: '/generate', summary: 'Generate text', body: generateBody },
  { method: 'post', path: '/generate/sweep', summary: 'Prompts x maxNewTokens, with signals per cell', body: sweepBody },
  { method: 'post', path: '/summarize', summary: 'Search, then summarise the top reviews with citations: themes (sentence, reviews, count, mean rating) and coverage', body: summarizeBody },
  { method: 'post', path: '/summarize/compare', summary: 'The same reviews summarised by several models', body: summarizeCompareBody },
];

const errorSchema = {
  type: 'object',
  required: ['error', 'details'],
  properties: { error: { type: 'string' }, details: {} },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = [
      ...fields(op.params, 'path'),
      ...fields(op.query, 'query'),
    ];
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
      ...(op.protected ? { security: [{ bearer: [] }, { apiKey: [] }] } : {}),
      responses: {
        '200': { description: 'OK', content: { [op.produces ?? 'application/json']: { schema: op.answer ? jsonSchema(op.answer, 'output') : {} } } },
        '400': { description: 'Invalid request', content: { 'application/json': { schema: errorSchema } } },
        ...(op.body
          ? {
              '413': { description: `Body larger than ${JSON_BODY_LIMIT} bytes`, content: { 'application/json': { schema: errorSchema } } },
              '415': { description: 'Body not in JSON', content: { 'application/json': { schema: errorSchema } } },
            }
          : {}),
        ...(op.protected ? { '401': { description: 'Missing or wrong API key', content: { 'application/json': { schema: errorSchema } } } } : {}),
        ...(op.ownCollections ? { '403': { description: "Not this alias's collection", content: { 'application/json': { schema: errorSchema } } } } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'review search',
      version,
      description:
        'Semantic search over product reviews. Every error answers `{error, details}` in JSON. Bodies are JSON ' +
        `(415 otherwise) of at most ${JSON_BODY_LIMIT} bytes (413 past it); queries and texts have the lengths below ` +
        '(a longer one is refused with 400 naming the limit, never cut short); a known path asked with another method answers 405.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function fields(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
