import fc from 'fast-check';
import { FIXTURE_CSV, writeTempFile } from './fixtures';
import { anyText, type FieldOverrides } from './schema-arbitraries';

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

/** A value the schema takes that the service refuses, and the exact status it answers (always with a JSON `{ error }`). */
export interface Refusal {
  /** Where the value goes: a top-level body field or a path parameter. */
  in: 'body' | 'path';
  field: string;
  value: unknown;
  status: number;
  /** Why it is refused (for the failure message). */
  why: string;
}

export interface RouteInputs {
  /**
   * Values that name only what exists and that the service offers: a request
   * made of them is served, with `served[route]` exactly. Fields not named take
   * the schema's own valid values.
   */
  valid: Record<string, FieldOverrides>;
  /** The status a served request of each route answers. */
  served: Record<string, number>;
  /** Rules across fields that the schema cannot state (a range in order, an upsert's target): applied to a generated valid body. */
  repair: Record<string, (body: Record<string, unknown>) => Record<string, unknown>>;
  /** Per route, values the schema takes but the service refuses: unknown ids and collections (404), models it does not offer and sources it may not read (400), and so on. */
  refused: Record<string, Refusal[]>;
  /** A name for `delete /collections/{name}` that the test creates first as a build of the alias (the only kind the route deletes). */
  deletableBuild: fc.Arbitrary<string>;
}

/** Text a trimmed field takes: not blank once trimmed (a blank one is refused: see `refused`). */
const nonBlank = (maxLength = 200) => anyText(maxLength, 1).filter((text) => text.trim().length > 0);

/** Swaps a range given upside down (the schema cannot say min <= max; the service refuses it with 400). */
function orderRanges(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  for (const [min, max] of [['minRating', 'maxRating'], ['minLength', 'maxLength']] as const) {
    if (typeof out[min] === 'number' && typeof out[max] === 'number' && (out[min] as number) > (out[max] as number)) {
      [out[min], out[max]] = [out[max], out[min]];
    }
  }
  // Dates may be ISO text or seconds: a range given upside down loses its upper bound.
  const seconds = (value: unknown) => (typeof value === 'number' ? value : Date.parse(String(value)) / 1000);
  if (out.dateFrom !== undefined && out.dateTo !== undefined && seconds(out.dateFrom) > seconds(out.dateTo)) delete out.dateTo;
  return out;
}

/**
 * For every documented route, its valid inputs (stored ids and collection
 * names, so requests reach the store; local models only, so no download is
 * ever tried; few new tokens; texts within the tiny generation model's
 * context) and, separately, the schema-valid inputs the service refuses. A
 * route missing here fails the test: a new route must be added to be covered.
 */
export function routeInputs(ctx: RouteContext): RouteInputs {
  const sourceFile = writeTempFile('reviews.csv', FIXTURE_CSV);
  const id = fc.constantFrom(...ctx.ids.slice(0, 4));
  const readable = fc.constantFrom(ctx.alias, ctx.live);
  const unknownBuild = `${ctx.alias}--use-lite--20000101-000000-0000`;
  const choice = { collection: readable, model: fc.constant('use-lite') };
  const summaryModel = fc.constantFrom('extractive', ctx.generationModel);
  /** Prompts and queries stay short: the tiny GPT-2's context is 2048 tokens (a longer prompt is refused, as `refused` checks). */
  const text = { query: nonBlank(), text: nonBlank(), asin: nonBlank(200), group: nonBlank(200) };
  const prompt = anyText(200, 1);
  const LONG_PROMPT = 'r '.repeat(4_000);
  const modelRefusals = (field: string): Refusal[] => [
    { in: 'body', field, value: 'no-such-model', status: 400, why: 'a model of no known form' },
    { in: 'body', field, value: 'openai:text-embedding-3-small', status: 400, why: 'a model the service does not offer' },
    { in: 'body', field, value: '../models', status: 400, why: 'a path the service does not offer' },
  ];
  const blank = (field: string): Refusal => ({ in: 'body', field, value: ' \t\n ', status: 400, why: 'blank once trimmed' });
  const absentCollection: Refusal = { in: 'body', field: 'collection', value: 'no-such-collection', status: 404, why: 'no such collection' };
  const absentId: Refusal = { in: 'path', field: 'id', value: UNKNOWN_ID, status: 404, why: 'no review has this id' };
  const absentName = (value: string): Refusal => ({ in: 'path', field: 'name', value, status: 404, why: 'no such collection' });

  return {
    valid: {
      'get /healthz': {},
      'get /readyz': {},
      'get /metrics': {},
      'get /openapi.json': {},
      'get /collections': {},
      'post /search': { ...text, ...choice },
      'post /search/compare': { query: text.query, models: fc.array(fc.constant('use-lite'), { minLength: 2, maxLength: 6 }) },
      'get /reviews/{id}': { id },
      'get /reviews/{id}/similar': { id, ...choice },
      'post /similarity': { id, ...text, ...choice },
      'get /projection': choice,
      'get /projection.svg': choice,
      // Activating the one that is live already: served, and the live collection stays the same.
      'post /collections/{name}/activate': { name: fc.constant(ctx.live) },
      'post /collections/{name}/snapshots': { name: readable },
      'get /collections/{name}/snapshots': { name: readable },
      'delete /collections/{name}': {},
      'get /collections/{name}/export': { name: readable },
      'post /ingest': {
        // Queued only: no worker runs while the properties do, so nothing is fetched or read.
        // A file inside SOURCES_DIR (as a path and a file:// URL), and a URL whose host is a public address (no lookup).
        source: fc.constantFrom(sourceFile, `file://${sourceFile}`, 'https://8.8.8.8/reviews.csv?token=t'),
        model: fc.constant('use-lite'),
        collection: fc.constantFrom(ctx.live, 'hostile-build'),
      },
      'get /ingest/{jobId}': { jobId: fc.constant(ctx.jobId) },
      'post /generate': { prompt, model: fc.constant(ctx.generationModel), maxNewTokens: fc.integer({ min: 1, max: 8 }) },
      'post /generate/sweep': {
        prompts: fc.array(prompt, { minLength: 1, maxLength: 5 }),
        model: fc.constant(ctx.generationModel),
        maxNewTokens: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
      },
      'post /summarize': { query: text.query, model: summaryModel, maxNewTokens: fc.integer({ min: 8, max: 16 }) },
      'post /summarize/compare': {
        query: text.query,
        models: fc.array(summaryModel, { minLength: 1, maxLength: 2 }),
        maxNewTokens: fc.integer({ min: 8, max: 16 }),
      },
    },
    served: {
      'get /healthz': 200,
      'get /readyz': 200,
      'get /metrics': 200,
      'get /openapi.json': 200,
      'get /collections': 200,
      'post /search': 200,
      'post /search/compare': 200,
      'get /reviews/{id}': 200,
      'get /reviews/{id}/similar': 200,
      'post /similarity': 200,
      'get /projection': 200,
      'get /projection.svg': 200,
      'post /collections/{name}/activate': 200,
      'post /collections/{name}/snapshots': 201,
      'get /collections/{name}/snapshots': 200,
      'delete /collections/{name}': 204,
      'get /collections/{name}/export': 200,
      'post /ingest': 202,
      'get /ingest/{jobId}': 200,
      'post /generate': 200,
      'post /generate/sweep': 200,
      'post /summarize': 200,
      'post /summarize/compare': 200,
    },
    repair: {
      'post /search': orderRanges,
      'post /ingest': (body) => {
        // An upsert writes into a build as it is (activate and a mapping do not apply), and only into one that exists.
        if (body.mode !== 'upsert') return body;
        const { activate: _activate, mapping: _mapping, ...rest } = body;
        return { ...rest, collection: ctx.live };
      },
    },
    refused: {
      'post /search': [blank('query'), blank('asin'), blank('group'), absentCollection, ...modelRefusals('model')],
      'post /search/compare': [blank('query'), { in: 'body', field: 'models', value: ['use-lite', 'no-such-model'], status: 400, why: 'a model of no known form' }],
      'get /reviews/{id}': [absentId],
      'get /reviews/{id}/similar': [absentId],
      'post /similarity': [
        { in: 'body', field: 'a', value: { id: UNKNOWN_ID }, status: 404, why: 'no review has this id' },
        { in: 'body', field: 'b', value: { text: ' \t\n ' }, status: 400, why: 'blank once trimmed' },
        absentCollection,
        ...modelRefusals('model'),
      ],
      'post /collections/{name}/activate': [absentName('no-such-collection'), absentName(unknownBuild), absentName(ctx.alias)],
      'post /collections/{name}/snapshots': [absentName('no-such-collection')],
      'get /collections/{name}/snapshots': [absentName('no-such-collection')],
      'delete /collections/{name}': [
        { in: 'path', field: 'name', value: ctx.alias, status: 409, why: 'the live alias' },
        { in: 'path', field: 'name', value: ctx.live, status: 409, why: 'the live collection' },
        { in: 'path', field: 'name', value: 'no-such-collection', status: 403, why: 'not a build of the alias' },
        absentName(unknownBuild),
      ],
      'get /collections/{name}/export': [
        { in: 'path', field: 'name', value: 'no-such-collection', status: 403, why: 'not a build of the alias' },
        absentName(unknownBuild),
      ],
      'post /ingest': [
        blank('source'),
        { in: 'body', field: 'source', value: '/no/such/reviews.csv', status: 400, why: 'a file outside SOURCES_DIR' },
        { in: 'body', field: 'source', value: '/etc/passwd', status: 400, why: 'a file outside SOURCES_DIR' },
        { in: 'body', field: 'source', value: `${sourceFile}/../../../etc/passwd`, status: 400, why: 'a path climbing out of SOURCES_DIR' },
        { in: 'body', field: 'source', value: 'ftp://reviews.example/r.csv', status: 400, why: 'not http(s)' },
        { in: 'body', field: 'collection', value: ctx.alias, status: 400, why: 'the live alias, not a collection' },
        ...modelRefusals('model'),
      ],
      'get /ingest/{jobId}': [
        { in: 'path', field: 'jobId', value: 'no-such-job', status: 404, why: 'no such job' },
        { in: 'path', field: 'jobId', value: '999999', status: 404, why: 'no such job' },
      ],
      'post /generate': [
        { in: 'body', field: 'prompt', value: LONG_PROMPT, status: 400, why: "past the model's context" },
        { in: 'body', field: 'model', value: 'no-such-model', status: 400, why: 'a model of no known form' },
        { in: 'body', field: 'model', value: 'extractive', status: 400, why: 'extractive only summarises' },
      ],
      'post /generate/sweep': [{ in: 'body', field: 'prompts', value: ['short', LONG_PROMPT], status: 400, why: "past the model's context" }],
      'post /summarize': [blank('query'), { in: 'body', field: 'model', value: 'no-such-model', status: 400, why: 'a model of no known form' }],
      'post /summarize/compare': [blank('query')],
    },
    deletableBuild: fc.stringMatching(/^[0-9a-f]{4}$/).map((suffix) => `${ctx.alias}--use-lite--20000102-000000-${suffix}`),
  };
}
