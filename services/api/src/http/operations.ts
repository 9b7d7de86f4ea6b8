import type { z } from 'zod';
import { activationAnswer, collectionsAnswer, snapshotAnswer, snapshotsAnswer } from '../answers/collections';
import { generationAnswer, sweepAnswer } from '../answers/generation';
import { liveness, openApiAnswer, readiness } from '../answers/health';
import { ingestAccepted, ingestStatus } from '../answers/ingest';
import { projectionAnswer } from '../answers/projection';
import { storedReview } from '../answers/review';
import { searchAnswer, searchCompareAnswer, similarAnswer } from '../answers/search';
import { similarityAnswer } from '../answers/similarity';
import { summaryAnswer, summaryComparisonAnswer } from '../answers/summaries';
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

/** An error status a route may answer besides those its input and its flags imply (400, 401, 403, 413, 415, 500). */
export type ErrorStatus = 404 | 409 | 429 | 502 | 503 | 504;

/** When a route answers an error status: in words (the body is the error's), or with an answer of its own. */
export type ErrorCase = string | { description: string; answer: z.ZodType };

export interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** What a success answers: a named answer (JSON), or the content types of another kind of body; none for 204. */
  success: { status: 200 | 201 | 202 | 204; description: string; answer?: z.ZodType; produces?: string[]; location?: boolean };
  errors: Partial<Record<ErrorStatus, ErrorCase>>;
  /** Needs the API key when one is set. */
  protected?: boolean;
  /** Refused (403) for a collection that is not this alias's (or one of its builds). */
  ownCollections?: boolean;
}

const UNAVAILABLE = 'Qdrant, Redis or the embedding model does not answer (the error names which)';

/** Reads a collection (the live one, or one asked for by `collection` or `model`). */
const readsCollection = {
  404: 'No such collection or review, or no collection built with the model asked for (ingest first)',
  409: 'The collection was not built by review search (its vector has no model name)',
  503: UNAVAILABLE,
} as const;

/** May embed a text with the collection's model, which may be a remote one. */
const embeds = {
  429: "The remote embedding provider refuses more requests for now (Retry-After when it says); or this client's rate limit",
  502: 'The remote embedding provider answered with an error or a malformed embedding',
  503: `${UNAVAILABLE}; or the model cannot be loaded`,
  504: 'The remote embedding provider did not answer in time',
} as const;

/** Runs a generative model (local, Hugging Face or an OpenAI-compatible one). */
const generates = {
  429: "The provider refuses more requests for now; or this client's rate limit (GENERATION requests a minute)",
  502: 'The provider answered with an error',
  503: 'The model cannot be loaded, or local generations are all busy (Retry-After)',
  504: 'The provider did not answer in time',
} as const;

const limited = (what: string) => ({ 429: `More ${what} requests a minute from this client than the rate limit allows (Retry-After)` });

/** Projects a sample of a collection in a worker thread (rate-limited as exploring). */
const projects = {
  ...readsCollection,
  ...limited('explore'),
  503: `${UNAVAILABLE}; or every projection thread is busy (Retry-After)`,
  504: 'The projection took longer than PROJECTION_TIMEOUT_MS',
} as const;

/** Every route of the API, with the zod schemas that validate what it takes and describe what it answers. */
export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'The process is up', success: { status: 200, description: 'Up', answer: liveness }, errors: {} },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Qdrant, Redis and the embedding model are ready',
    success: { status: 200, description: 'Ready', answer: readiness },
    errors: { 503: { description: 'Not ready: a dependency does not answer', answer: readiness } },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    success: { status: 200, description: 'Prometheus text format', produces: ['text/plain'] },
    errors: {},
  },
  { method: 'get', path: '/openapi.json', summary: 'This document', success: { status: 200, description: 'This document', answer: openApiAnswer }, errors: {} },
  {
    method: 'post',
    path: '/search',
    summary: 'Search the reviews (dense, sparse or hybrid), with filters',
    body: searchBody,
    success: { status: 200, description: 'The page of results', answer: searchAnswer },
    errors: { ...readsCollection, ...embeds, 429: `${embeds[429]} (search)` },
  },
  {
    method: 'post',
    path: '/search/compare',
    summary: 'The same query on several models, side by side, with overlap',
    body: searchCompareBody,
    success: { status: 200, description: "Each model's results and each pair's overlap", answer: searchCompareAnswer },
    errors: { ...readsCollection, ...embeds, 429: `${embeds[429]} (search)` },
  },
  {
    method: 'get',
    path: '/reviews/{id}',
    summary: 'One stored review',
    params: idParams,
    success: { status: 200, description: 'The review', answer: storedReview },
    errors: readsCollection,
  },
  {
    method: 'get',
    path: '/reviews/{id}/similar',
    summary: 'The reviews most similar to one',
    params: idParams,
    query: similarQuery,
    success: { status: 200, description: 'The review and the page of its nearest', answer: similarAnswer },
    errors: readsCollection,
  },
  {
    method: 'post',
    path: '/similarity',
    summary: 'Cosine similarity of two reviews or texts, read in plain words',
    body: similarityBody,
    success: { status: 200, description: 'The similarity and its reading', answer: similarityAnswer },
    errors: { ...readsCollection, ...embeds, 429: `${embeds[429]} (explore)` },
  },
  {
    method: 'get',
    path: '/projection',
    summary: '2D map of a sample (PCA, t-SNE, UMAP)',
    query: projectionQuery,
    success: { status: 200, description: 'The sample, projected', answer: projectionAnswer },
    errors: projects,
  },
  {
    method: 'get',
    path: '/projection.svg',
    summary: 'The 2D map as an SVG scatter plot',
    query: projectionQuery,
    success: { status: 200, description: 'The map as a picture', produces: ['image/svg+xml'] },
    errors: projects,
  },
  {
    method: 'get',
    path: '/collections',
    summary: 'Collections, their models and sizes, and the live one',
    success: { status: 200, description: 'The collections', answer: collectionsAnswer },
    errors: { 503: UNAVAILABLE },
  },
  {
    method: 'post',
    path: '/collections/{name}/activate',
    summary: 'Make a collection live (atomic alias switch)',
    params: collectionNameParams,
    protected: true,
    success: { status: 200, description: 'The alias now points at it', answer: activationAnswer },
    errors: { 404: 'No such collection', 409: 'The collection was not built by review search', 503: UNAVAILABLE },
  },
  {
    method: 'post',
    path: '/collections/{name}/snapshots',
    summary: 'Back a collection (or the live one, by the alias) up: Qdrant makes a snapshot on its disk',
    params: collectionNameParams,
    protected: true,
    success: { status: 201, description: 'The snapshot Qdrant made', answer: snapshotAnswer },
    errors: { 404: 'No such collection', 502: 'Qdrant refused to make the snapshot', 503: UNAVAILABLE },
  },
  {
    method: 'get',
    path: '/collections/{name}/snapshots',
    summary: 'The snapshots Qdrant holds of a collection (or of the live one)',
    params: collectionNameParams,
    protected: true,
    success: { status: 200, description: 'Its snapshots', answer: snapshotsAnswer },
    errors: { 404: 'No such collection', 502: 'Qdrant refused to list them', 503: UNAVAILABLE },
  },
  {
    method: 'delete',
    path: '/collections/{name}',
    summary: "Delete one of this alias's builds (never the live one)",
    params: collectionNameParams,
    protected: true,
    ownCollections: true,
    success: { status: 204, description: 'Deleted' },
    errors: { 404: 'No such collection', 409: 'It is the live collection: activate another one first', 503: UNAVAILABLE },
  },
  {
    method: 'get',
    path: '/collections/{name}/export',
    summary: 'Reviews with their embeddings, as CSV or JSONL, of this alias or one of its builds (the API key unless PUBLIC_EXPORT=true)',
    params: exportParams,
    query: exportQuery,
    protected: true,
    ownCollections: true,
    success: {
      status: 200,
      description: 'Every review (or the first `limit`) with its embedding, streamed: CSV with columns e0, e1, ... or JSON Lines with `embedding`',
      produces: ['text/csv', 'application/x-ndjson'],
    },
    errors: { ...readsCollection, ...limited('explore') },
  },
  {
    method: 'post',
    path: '/ingest',
    summary: 'Ingest a CSV, JSON Lines or Parquet source into a new build, a named collection, or (mode upsert) the live build',
    body: ingestBody,
    protected: true,
    success: { status: 202, description: 'Queued: follow it at the Location', answer: ingestAccepted, location: true },
    errors: {
      404: 'Upsert: no such collection with an embedding model to write into',
      409: 'Upsert: the alias points at no build yet (run a full ingest first)',
      503: 'Redis (the ingest queue) does not answer',
    },
  },
  {
    method: 'get',
    path: '/ingest/{jobId}',
    summary: 'Progress and result of an ingest',
    params: jobParams,
    protected: true,
    success: { status: 200, description: 'Its state, progress and result', answer: ingestStatus },
    errors: { 404: 'No such job (or no longer kept)', 503: 'Redis (the ingest queue) does not answer' },
  },
  {
    method: 'post',
    path: '/generate',
    summary: 'Generate text',
    body: generateBody,
    success: { status: 200, description: 'The text generated', answer: generationAnswer },
    errors: generates,
  },
  {
    method: 'post',
    path: '/generate/sweep',
    summary: 'Prompts x maxNewTokens, with signals per cell',
    body: sweepBody,
    success: { status: 200, description: 'Every cell', answer: sweepAnswer },
    errors: generates,
  },
  {
    method: 'post',
    path: '/summarize',
    summary: 'Search, then summarise the top reviews with citations: themes (sentence, reviews, count, mean rating) and coverage',
    body: summarizeBody,
    success: { status: 200, description: 'The summary with its citations', answer: summaryAnswer },
    errors: { ...readsCollection, ...embeds, ...generates },
  },
  {
    method: 'post',
    path: '/summarize/compare',
    summary: 'The same reviews summarised by several models',
    body: summarizeCompareBody,
    success: { status: 200, description: "Each model's summary (or its error) beside the others", answer: summaryComparisonAnswer },
    errors: { ...readsCollection, ...embeds, ...generates },
  },
];
