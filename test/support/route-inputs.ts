import fc from 'fast-check';
import { FIXTURE_CSV, writeTempFile } from './fixtures';
import type { FieldOverrides } from './schema-arbitraries';

export interface RouteContext {
  ids: string[];
  /** The live alias and the collection behind it. */
  alias: string;
  live: string;
  jobId: string;
  /** A local generation model (the tiny test model's directory). */
  generationModel: string;
}

/** A well-formed review id that no review has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * For every documented route, what its valid requests use where the schema
 * alone would be useless or costly: stored ids and collection names (so
 * requests reach the store), local models only (no download is ever tried),
 * and few new tokens. Embedding models are the configured `use-lite` (served)
 * and models the service does not offer (refused with 400 before anything is
 * loaded or called: a paid model would otherwise answer 503 for want of a key). A route missing here fails the test: a new route must be
 * added to be covered.
 */
export function routeOverrides(ctx: RouteContext): Record<string, FieldOverrides> {
  const sourceFile = writeTempFile('reviews.csv', FIXTURE_CSV);
  const id = fc.constantFrom(...ctx.ids.slice(0, 4), ctx.ids[0]!.toUpperCase(), UNKNOWN_ID);
  const collection = fc.constantFrom(ctx.alias, ctx.live, 'no-such-collection');
  const unknownBuild = `${ctx.alias}--use-lite--20000101-000000-0000`;
  const searchModel = fc.constantFrom('use-lite', 'no-such-model', 'openai:text-embedding-3-small', '../models');
  const summaryModel = fc.constantFrom('extractive', ctx.generationModel);
  const choice = { collection, model: searchModel };
  return {
    'get /healthz': {},
    'get /readyz': {},
    'get /metrics': {},
    'get /openapi.json': {},
    'get /collections': {},
    'post /search': choice,
    'post /search/compare': { models: fc.array(searchModel, { minLength: 2, maxLength: 6 }) },
    'get /reviews/{id}': { id },
    'get /reviews/{id}/similar': { id, ...choice },
    'post /similarity': { id, ...choice },
    'get /projection': choice,
    'get /projection.svg': choice,
    'post /collections/{name}/activate': { name: collection },
    'post /collections/{name}/snapshots': { name: collection },
    'get /collections/{name}/snapshots': { name: collection },
    // Never the live collection: deleting it is refused (409), and that is what is checked. Only the alias's
    // own names: another's are refused (403) before anything is read.
    'delete /collections/{name}': { name: fc.constantFrom(ctx.alias, ctx.live, unknownBuild) },
    'get /collections/{name}/export': { name: fc.constantFrom(ctx.alias, ctx.live, unknownBuild) },
    'post /ingest': {
      // Queued only: no worker runs while the properties do, so nothing is fetched or read.
      // Valid: a file inside SOURCES_DIR (as a path and a file:// URL) and a URL; refused (400): the rest.
      source: fc.constantFrom(
        sourceFile,
        `file://${sourceFile}`,
        'https://reviews.example/reviews.csv?token=t',
        '/no/such/reviews.csv',
        './reviews.csv.gz',
        '/etc/passwd',
        `${sourceFile}/../../../etc/passwd`,
        'ftp://reviews.example/r.csv',
      ),
      model: fc.constantFrom('use-lite', 'no-such-model', 'openai:text-embedding-3-small', '../models'),
      collection: fc.constantFrom(ctx.alias, 'hostile-build'),
    },
    'get /ingest/{jobId}': { jobId: fc.constantFrom(ctx.jobId, 'no-such-job', '999999') },
    'post /generate': { model: fc.constant(ctx.generationModel), maxNewTokens: fc.integer({ min: 1, max: 8 }) },
    'post /generate/sweep': {
      model: fc.constant(ctx.generationModel),
      maxNewTokens: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    },
    'post /summarize': { model: summaryModel, maxNewTokens: fc.integer({ min: 8, max: 16 }) },
    'post /summarize/compare': { models: fc.array(summaryModel, { minLength: 1, maxLength: 2 }), maxNewTokens: fc.integer({ min: 8, max: 16 }) },
  };
}
