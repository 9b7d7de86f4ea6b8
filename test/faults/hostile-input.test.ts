import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { OPERATIONS } from '@review-search/api';
import { answerProblems } from '../support/answer-shape';
import { bodyMutations, HUGE } from '../support/hostile-bodies';
import type { Operation } from '../support/openapi-operations';
import { routeInputs, type RouteContext, type RouteInputs } from '../support/route-inputs';
import { hostileQueryKey, hostileQueryValue, hostileSegment, routeRequest } from '../support/route-requests';
import { validObject, validValue, type FieldOverrides } from '../support/schema-arbitraries';
import { SEEDED_REVIEWS, startSeededStack, type SeededStack } from '../support/seeded-stack';
import { testEnv } from '../support/stack';

/** Fixed, so a failure reproduces; fast-check prints it with the shrunk counterexample. Set HOSTILE_INPUT_SEED to explore. */
const SEED = Number(process.env.HOSTILE_INPUT_SEED ?? 808);
const RUNS = { mutations: 24, anyBody: 8, valid: 8, refused: 8, params: 10, query: 10 };
const JSON_LIMIT = 100 * 1024;

const keyOf = (op: { method: string; path: string }) => `${op.method.toLowerCase()} ${op.path}`;
const ROUTES = OPERATIONS.map(keyOf);
const BODY_ROUTES = OPERATIONS.filter((op) => op.body).map(keyOf);
const PARAM_ROUTES = OPERATIONS.filter((op) => op.params).map(keyOf);
/** Routes with a body or path parameters: those whose valid requests are served, and whose refusals are listed, by route-inputs. */
const INPUT_ROUTES = OPERATIONS.filter((op) => op.body || op.params).map(keyOf);
// The oracle reads the schemas' formats too (date-time, date), as the API's zod schemas check them.
const ajv = addFormats(new Ajv({ strict: false }));

/** What a served request's answer must hold, for the routes whose answer follows from the request. */
const SERVED: Record<string, (answer: any, body: Record<string, any>, ids: string[]) => void> = {
  'post /search': (answer, body, ids) => {
    expect(answer.results.length).toBeLessThanOrEqual(body.limit ?? 5);
    for (const result of answer.results) expect(ids).toContain(result.id);
  },
  'post /similarity': (answer) => {
    expect(answer.similarity).toBeGreaterThanOrEqual(-1.000001);
    expect(answer.similarity).toBeLessThanOrEqual(1.000001);
    expect(typeof answer.reading).toBe('string');
  },
  'post /generate': (answer, body) => expect(answer.tokens).toBeLessThanOrEqual(body.maxNewTokens),
  'post /generate/sweep': (answer, body) => {
    expect(answer.cells).toHaveLength((body.prompts?.length ?? 3) * (body.maxNewTokens?.length ?? 4));
  },
  'post /summarize': (answer, body, ids) => {
    expect(answer.reviews.length).toBeLessThanOrEqual(body.limit ?? 5);
    for (const id of answer.citations) expect(ids).toContain(id);
  },
  'post /summarize/compare': (answer, body) => {
    expect(answer.results.map((r: { model: string }) => r.model)).toEqual(body.models);
    // A model's failure is shown beside the others, but never as an internal error.
    for (const result of answer.results) if (result.error) expect(result.error.status).toBeLessThan(500);
  },
};

describe('hostile input, route by route (fast-check over each route\'s documented schema)', () => {
  let seeded: SeededStack;
  let inputs: RouteInputs;
  let overrides: Record<string, FieldOverrides>;
  let prototypeBefore: string[];
  const operation = (key: string): Operation => seeded.operations.find((op) => op.key === key)!;
  const run = <T>(arbitrary: fc.Arbitrary<T>, numRuns: number, check: (value: T) => Promise<void>) =>
    fc.assert(fc.asyncProperty(arbitrary, check), { seed: SEED, numRuns });
  /** Valid path parameters of a route, from its overrides. */
  const validParams = (op: Operation) =>
    op.key === 'delete /collections/{name}'
      ? fc.record({ name: inputs.deletableBuild })
      : (fc.record(Object.fromEntries(op.pathParams.map((name) => [name, overrides[op.key]![name]!]))) as fc.Arbitrary<Record<string, string>>);
  /** A body the route serves: the schema's valid values with the route's own, and its rules across fields. */
  const validBody = (op: Operation, options?: { longest: boolean }) =>
    validObject(op.body!, overrides[op.key], options).map((body) => inputs.repair[op.key]?.(body) ?? body);
  /** What a valid request needs in place first: the build a delete deletes. */
  const prepare = async (op: Operation, params: Record<string, string>) => {
    if (op.key === 'delete /collections/{name}') await seeded.stack.store.ensureCollection(params.name!, 512, 'use-lite');
  };

  beforeAll(async () => {
    prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    seeded = await startSeededStack();
    const ctx: RouteContext = {
      ids: seeded.ids,
      alias: seeded.stack.config.collection,
      live: seeded.live,
      jobId: seeded.jobId,
      generationModel: testEnv('TINY_GPT2'),
    };
    inputs = routeInputs(ctx);
    overrides = inputs.valid;
  });
  afterAll(async () => {
    await seeded?.stack.close();
  });

  it('covers every route of /openapi.json, which lists every operation the app declares', () => {
    const documented = seeded.operations.map((op) => op.key).sort();
    expect(documented).toEqual([...ROUTES].sort());
    expect(Object.keys(overrides).sort()).toEqual(documented);
    expect(Object.keys(inputs.served).sort()).toEqual(documented);
  });

  it.each(BODY_ROUTES)('%s: a body with one thing wrong answers 400 naming it (413 past the size limit)', async (key) => {
    const op = operation(key);
    const accepts = ajv.compile(op.body!);
    const kinds = new Set<string>();
    await run(bodyMutations(op.body!, validBody(op)), RUNS.mutations, async (mutation) => {
      kinds.add(mutation.kind);
      expect(accepts(mutation.body)).toBe(false);
      const answer = await seeded.send(routeRequest(op, { params: {}, body: mutation.body }), op.protected);
      expect(answerProblems(answer, { produces: op.produces })).toEqual([]);
      if (Buffer.byteLength(JSON.stringify(mutation.body)) > JSON_LIMIT) {
        expect(answer.status).toBe(413);
        expect(answer.json.error).toContain(String(JSON_LIMIT));
        return;
      }
      expect(answer.status).toBe(400);
      const details: { field: string; problem: string }[] = answer.json.details;
      expect(Array.isArray(details)).toBe(true);
      if (mutation.kind === 'extra key') {
        expect(details.some((d) => d.field === 'body' && d.problem.includes(mutation.key!))).toBe(true);
      } else {
        expect(details.map((d) => d.field)).toContainEqual(expect.stringMatching(new RegExp(`^body\\.${mutation.field}(\\.|$)`)));
      }
      const limit = op.body!.properties![mutation.field]?.maxLength;
      if (mutation.kind === 'huge string' && limit !== undefined && (mutation.body[mutation.field] as string).startsWith('a')) {
        expect(answer.json.error).toContain(`<=${limit} characters`);
      }
    });
    expect(kinds.size).toBeGreaterThanOrEqual(4);
  });

  it.each(BODY_ROUTES)('%s: any JSON body answers 4xx in the error shape unless the schema takes it', async (key) => {
    const op = operation(key);
    const accepts = ajv.compile(op.body!);
    const bodies = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })));
    await run(bodies, RUNS.anyBody, async (body) => {
      const answer = await seeded.send(routeRequest(op, { body }), op.protected);
      expect(answerProblems(answer, { produces: op.produces })).toEqual([]);
      if (!accepts(body)) expect(answer.status).toBe(400);
    });
  });

  it.each(INPUT_ROUTES)('%s: valid requests, unusual ones included, naming only what exists, are served (never refused)', async (key) => {
    const op = operation(key);
    const accepts = op.body ? ajv.compile(op.body) : undefined;
    const served = inputs.served[key]!;
    const body = op.body ? validBody(op) : fc.constant(undefined);
    await run(fc.tuple(validParams(op), body), RUNS.valid, async ([params, body]) => {
      if (accepts) expect(accepts(body)).toBe(true);
      await prepare(op, params);
      const answer = await seeded.send(routeRequest(op, { params, body }), op.protected);
      expect(answerProblems(answer, { produces: op.produces })).toEqual([]);
      expect({ status: answer.status, error: answer.json?.error }).toEqual({ status: served, error: undefined });
      if (answer.status === 200) SERVED[key]?.(answer.json, body as Record<string, any>, seeded.ids);
    });
    if (key === 'delete /collections/{name}') {
      const left = (await seeded.stack.store.listCollections()).filter((c) => c.name.startsWith(`${seeded.stack.config.collection}--use-lite--20000102-`));
      expect(left).toEqual([]);
    }
  });

  it.each(INPUT_ROUTES)(
    '%s: values the schema takes but the service refuses (absent ids and collections, models not offered, sources out of bounds) answer their exact 4xx in words',
    async (key) => {
      const op = operation(key);
      const refusals = inputs.refused[key] ?? [];
      expect(refusals.length).toBeGreaterThan(0);
      const body = op.body ? validBody(op, { longest: false }) : fc.constant(undefined);
      await run(fc.tuple(fc.constantFrom(...refusals), validParams(op), body), Math.max(RUNS.refused, refusals.length * 2), async ([refusal, params, valid]) => {
        const request: { params: Record<string, string>; body?: Record<string, unknown> } = {
          params: { ...params },
          body: valid === undefined ? undefined : { ...(valid as Record<string, unknown>) },
        };
        if (refusal.in === 'path') request.params[refusal.field] = refusal.value as string;
        else request.body![refusal.field] = refusal.value;
        const answer = await seeded.send(routeRequest(op, request), op.protected);
        expect(answerProblems(answer, { produces: op.produces })).toEqual([]);
        expect({ why: refusal.why, status: answer.status, error: typeof answer.json?.error }).toEqual({ why: refusal.why, status: refusal.status, error: 'string' });
      });
    },
  );

  it.each(PARAM_ROUTES)('%s: hostile path parameters answer 4xx in the error shape', async (key) => {
    const op = operation(key);
    const params = fc.record(Object.fromEntries(op.pathParams.map((name) => [name, hostileSegment])));
    await run(params, RUNS.params, async (raw) => {
      const answer = await seeded.send(routeRequest(op, { params: raw, rawParams: true, body: op.body ? {} : undefined }), op.protected);
      expect(answerProblems(answer, { produces: op.produces })).toEqual([]);
      expect(answer.status).toBeGreaterThanOrEqual(400);
    });
    // The valid ones are served: see 'valid requests ... are served'.
  });

  it.each(ROUTES)('%s: hostile query strings answer in the error shape; unknown keys are named', async (key) => {
    const op = operation(key);
    const fields = Object.entries(op.query.properties ?? {});
    const value = (name: string) => fc.oneof(validValue(op.query.properties![name]!, overrides[key]).map(String), hostileQueryValue);
    const query = fc.record({
      known: fc.record(Object.fromEntries(fields.map(([name]) => [name, fc.oneof(value(name), fc.array(value(name), { minLength: 2, maxLength: 3 }))])), {
        requiredKeys: [],
      }),
      extra: fc.option(fc.tuple(hostileQueryKey, hostileQueryValue), { nil: undefined }),
      params: validParams(op),
    });
    await run(query, RUNS.query, async ({ known, extra, params }) => {
      const all: Record<string, string | string[]> = { ...(known as Record<string, string | string[]>) };
      if (extra && !Object.hasOwn(op.query.properties ?? {}, extra[0])) Object.defineProperty(all, extra[0], { value: extra[1], enumerable: true });
      const answer = await seeded.send(routeRequest(op, { params, query: all, body: op.body ? validSample(op) : undefined }), op.protected);
      expect(answerProblems(answer, { produces: op.produces })).toEqual([]);
      // 431: the whole URL is past Node's 16 KB, refused before any route reads it.
      if (fields.length > 0 && extra && Object.hasOwn(all, extra[0]) && answer.status !== 431) {
        expect(answer.status).toBe(400);
        expect(answer.json.details).toContainEqual({ field: 'query', problem: expect.stringContaining(extra[0]) });
      }
    });
  });

  /** A cheap body the route takes, for requests that try something else (no field at its longest). */
  function validSample(op: Operation): unknown {
    return fc.sample(validBody(op, { longest: false }), { seed: SEED, numRuns: 1 })[0];
  }

  it('a 100,000-character query, text or prompt is refused with 400 naming the limit, not cut short', async () => {
    const cases: [string, unknown, string, number][] = [
      ['/search', { query: 'a'.repeat(HUGE) }, 'body.query', 10_000],
      ['/similarity', { a: { text: 'a'.repeat(HUGE) }, b: { text: 'strings' } }, 'body.a.text', 10_000],
      ['/summarize', { query: 'a'.repeat(HUGE) }, 'body.query', 10_000],
      ['/generate', { prompt: 'a'.repeat(HUGE), maxNewTokens: 1 }, 'body.prompt', 8_000],
    ];
    for (const [path, body, field, limit] of cases) {
      const answer = await seeded.send({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.json.error).toContain(String(limit));
      expect(answer.json.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('a prompt past the model\'s context is refused with 400 giving the numbers, for generation and grounded summaries', async () => {
    const long = 'r '.repeat(4_000);
    const cases: [string, unknown][] = [
      ['/generate', { prompt: long, maxNewTokens: 8 }],
      ['/generate/sweep', { prompts: ['short', long], maxNewTokens: [2] }],
      ['/summarize', { query: long.slice(0, 10_000), model: testEnv('TINY_GPT2'), maxNewTokens: 8 }],
    ];
    for (const [path, body] of cases) {
      const answer = await seeded.send({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.json.error).toMatch(/takes \d+ tokens of model .* past its context of 2048 tokens/);
      expect(answer.json.details).toMatchObject({ contextTokens: 2048, promptTokens: expect.any(Number) });
      expect(answer.json.details.promptTokens).toBeGreaterThan(2048 - 8);
    }
  });

  it('afterwards the service still searches the seeded reviews, and Object.prototype is untouched', async () => {
    const answer = await seeded.send({
      method: 'POST',
      path: '/search',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'strings that stay in tune', limit: 5 }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json.results).toHaveLength(5);
    for (const result of answer.json.results) expect(seeded.ids).toContain(result.id);
    expect(answer.json.results[0].review.reviewText).toMatch(/stay in tune/);
    const collections = await seeded.send({ method: 'GET', path: '/collections' });
    expect(collections.json.live).toBe(seeded.live);
    expect(collections.json.collections.find((c: { name: string }) => c.name === seeded.live).points).toBe(SEEDED_REVIEWS);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
