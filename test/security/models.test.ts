import path from 'node:path';
import { localGenerations } from '@review-search/shared';
import { CANARIES, canariesIn, responseText } from '../support/canaries';
import { startProviderServer, type ProviderServer } from '../support/provider-server';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait-for';

/**
 * Models named by requests, on a service whose paid keys are canaries and whose
 * providers are a local stand-in that records every request: only configured
 * models (or the models of builds in the store) are ever loaded, downloaded or
 * called; anything else is a 400 listing the allowed models, with no secret in
 * what the client sees.
 */
describe('models a request may name', () => {
  let provider: ProviderServer;
  let stack: TestStack;
  let reviewId: string;
  const tinyBert = testEnv('TINY_BERT');
  const tinyGpt2 = testEnv('TINY_GPT2');
  const relativeTinyBert = path.relative(process.cwd(), tinyBert);

  const send = async (method: 'GET' | 'POST', route: string, body?: unknown) => {
    const response = await fetch(`${stack.baseUrl}${route}`, {
      method,
      headers: { 'x-api-key': CANARIES.API_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await responseText(response);
    return { status: response.status, headers: response.headers, text, body: JSON.parse(text.slice(text.indexOf('\n\n') + 2) || 'null') };
  };

  beforeAll(async () => {
    provider = await startProviderServer();
    stack = await startTestStack(
      testConfig({
        API_KEY: CANARIES.API_KEY,
        OPENAI_API_KEY: CANARIES.OPENAI_API_KEY,
        OPENAI_BASE_URL: `${provider.url}/v1`,
        HF_TOKEN: CANARIES.HF_TOKEN,
        HF_ENDPOINT_URL: provider.url,
        EMBEDDING_MODELS: 'use-lite',
        GENERATION_MODEL: tinyGpt2,
        GENERATION_MODELS: `${tinyGpt2},extractive,openai:gpt-test`,
        GENERATION_QUEUE_MAX: '1',
        RATE_LIMIT_SEARCH: '1000000',
        RATE_LIMIT_GENERATE: '1000000',
        RATE_LIMIT_EXPLORE: '1000000',
      }),
    );
    const accepted = await send('POST', '/ingest', { activate: true, source: testEnv('CORPUS'), limit: 60 });
    expect(accepted.status).toBe(202);
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    reviewId = (await send('POST', '/search', { query: 'guitar strings', limit: 1 })).body.results[0].id;
  });
  afterAll(async () => {
    await stack?.close();
    await provider?.close();
  });

  /** Every model form a request could try; none is configured for embedding here. */
  const unconfiguredModels = () => [
    'Xenova/multilingual-e5-small',
    'someone/any-model',
    'openai:text-embedding-3-small',
    'openai:gpt-test-2',
    'hf:org/any-model',
    '/etc',
    path.dirname(tinyBert),
    './models/tiny',
    relativeTinyBert,
    '../',
    '../../etc/passwd',
    `${tinyBert}/.`,
    tinyGpt2,
  ];
  /** The same, for generation, where the tiny GPT-2 directory is configured but tiny BERT's is not. */
  const unconfiguredGenerationModels = () => [...unconfiguredModels().filter((m) => m !== tinyGpt2), tinyBert, `${tinyGpt2}/.`, `${tinyGpt2}/`];

  const embeddingRoutes: [string, (model: string) => Promise<Awaited<ReturnType<typeof send>>>][] = [
    ['POST /search', (model) => send('POST', '/search', { query: 'strings', model })],
    ['POST /search/compare', (model) => send('POST', '/search/compare', { query: 'strings', models: ['use-lite', model] })],
    ['GET /reviews/:id/similar', (model) => send('GET', `/reviews/${reviewId}/similar?model=${encodeURIComponent(model)}`)],
    ['POST /similarity', (model) => send('POST', '/similarity', { a: { text: 'good strings' }, b: { text: 'bad cable' }, model })],
    ['GET /projection', (model) => send('GET', `/projection?sample=20&model=${encodeURIComponent(model)}`)],
    ['GET /projection.svg', (model) => send('GET', `/projection.svg?sample=20&model=${encodeURIComponent(model)}`)],
    ['POST /ingest', (model) => send('POST', '/ingest', { activate: true, source: testEnv('CORPUS'), limit: 5, model })],
  ];
  const generationRoutes: [string, string[], (model: string) => Promise<Awaited<ReturnType<typeof send>>>][] = [
    ['POST /generate', [tinyGpt2, 'openai:gpt-test'], (model) => send('POST', '/generate', { prompt: 'x', maxNewTokens: 2, model })],
    ['POST /generate/sweep', [tinyGpt2, 'openai:gpt-test'], (model) => send('POST', '/generate/sweep', { prompts: ['x'], maxNewTokens: [2], model })],
    ['POST /summarize', [tinyGpt2, 'extractive', 'openai:gpt-test'], (model) => send('POST', '/summarize', { query: 'strings', model })],
    [
      'POST /summarize/compare',
      [tinyGpt2, 'extractive', 'openai:gpt-test'],
      (model) => send('POST', '/summarize/compare', { query: 'strings', models: ['extractive', model] }),
    ],
  ];

  it.each(embeddingRoutes)('%s: an unconfigured embedding model of any form is a 400 listing the allowed ones', async (_route, call) => {
    for (const model of unconfiguredModels()) {
      const answer = await call(model);
      expect({ model, status: answer.status }).toEqual({ model, status: 400 });
      expect(answer.body.error).toBe(`embedding model '${model}' is not offered by this service; allowed: use-lite`);
      expect(answer.body.details).toEqual({ model, allowed: ['use-lite'] });
      expect(canariesIn(answer.text)).toEqual([]);
    }
    expect(provider.requests).toEqual([]);
  });

  it.each(generationRoutes)('%s: an unconfigured generation model of any form is a 400 listing the allowed ones', async (_route, allowed, call) => {
    for (const model of unconfiguredGenerationModels()) {
      const answer = await call(model);
      expect({ model, status: answer.status }).toEqual({ model, status: 400 });
      expect(answer.body.error).toBe(`generation model '${model}' is not offered by this service; allowed: ${allowed.join(', ')}`);
      expect(answer.body.details).toEqual({ model, allowed });
      expect(canariesIn(answer.text)).toEqual([]);
    }
    expect(provider.requests).toEqual([]);
  });

  it('configured models still work on every route, and only they reach the provider', async () => {
    const ok = (answer: Awaited<ReturnType<typeof send>>, status = 200) => {
      expect({ status: answer.status, error: answer.body?.error }).toEqual({ status, error: undefined });
      expect(canariesIn(answer.text)).toEqual([]);
      return answer.body;
    };
    expect(ok(await send('POST', '/search', { query: 'strings', model: 'use-lite', limit: 3 })).results).toHaveLength(3);
    ok(await send('POST', '/search/compare', { query: 'strings', models: ['use-lite', 'use-lite'] }));
    ok(await send('GET', `/reviews/${reviewId}/similar?model=use-lite`));
    ok(await send('POST', '/similarity', { a: { text: 'good strings' }, b: { text: 'bad cable' }, model: 'use-lite' }));
    ok(await send('GET', '/projection?sample=20&model=use-lite'));
    const svg = await fetch(`${stack.baseUrl}/projection.svg?sample=20&model=use-lite`);
    expect([svg.status, svg.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^image\/svg\+xml/)]);
    expect(canariesIn(await responseText(svg))).toEqual([]);
    ok(await send('POST', '/ingest', { source: testEnv('CORPUS'), limit: 5, model: 'use-lite', collection: `${stack.config.collection}-again` }), 202);
    expect(ok(await send('POST', '/generate', { prompt: 'x', maxNewTokens: 3, model: tinyGpt2 })).tokens).toBe(3);
    ok(await send('POST', '/generate/sweep', { prompts: ['x'], maxNewTokens: [2], model: tinyGpt2 }));
    expect(provider.requests).toEqual([]);
    ok(await send('POST', '/summarize', { query: 'strings', model: 'extractive' }));
    ok(await send('POST', '/summarize/compare', { query: 'strings', models: ['extractive', tinyGpt2] }));
    expect(ok(await send('POST', '/summarize', { query: 'strings', model: 'openai:gpt-test' })).summary).toMatch(/^Reviewers mostly agree/);
    // The one provider call: the configured model, with the configured key.
    expect(provider.requests.map((r) => [r.path, r.body.model, r.authorization])).toEqual([
      ['/v1/chat/completions', 'gpt-test', `Bearer ${CANARIES.OPENAI_API_KEY}`],
    ]);
  });

  it('a build made with a model no longer configured stays readable by that model, but is not offered for new builds', async () => {
    const builder = await startTestStack(testConfig({ COLLECTION: stack.config.collection, EMBEDDING_MODELS: `use-lite,${tinyBert}` }));
    try {
      const accepted = await builder.post('/ingest', { source: testEnv('CORPUS'), limit: 20, model: tinyBert, collection: `${stack.config.collection}-tiny` });
      expect(accepted.status).toBe(202);
      expect((await builder.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    } finally {
      await builder.close();
    }
    const read = await send('POST', '/search', { query: 'strings', model: tinyBert, limit: 2 });
    expect(read.status).toBe(200);
    expect(read.body.results).toHaveLength(2);
    const rebuild = await send('POST', '/ingest', { activate: true, source: testEnv('CORPUS'), limit: 5, model: tinyBert });
    expect(rebuild.status).toBe(400);
    expect(rebuild.body.details).toEqual({ model: tinyBert, allowed: ['use-lite'] });
  });

  describe('local generation', () => {
    const seeded = (seed: number) => ({ prompt: 'El futuro de la música es ', maxNewTokens: 24, temperature: 1.2, topP: 1, seed });

    it('two concurrent seeded generations each give what they give alone', async () => {
      const [a, b] = await Promise.all([send('POST', '/generate', seeded(3)), send('POST', '/generate', seeded(4))]);
      const aloneA = await send('POST', '/generate', seeded(3));
      const aloneB = await send('POST', '/generate', seeded(4));
      expect([a.status, b.status, aloneA.status, aloneB.status]).toEqual([200, 200, 200, 200]);
      expect(a.body.text).toBe(aloneA.body.text);
      expect(b.body.text).toBe(aloneB.body.text);
      // The seeds matter: sampling is on, and the two texts differ.
      expect(aloneA.body.text).not.toBe(aloneB.body.text);
    });

    it('past GENERATION_QUEUE_MAX waiting generations, a request is refused with 503 and Retry-After', async () => {
      let release!: () => void;
      const held = localGenerations.run(() => new Promise<void>((resolve) => (release = resolve)), { queueMax: 1, timeoutMs: 30_000 });
      try {
        // One runs (held); one request waits (GENERATION_QUEUE_MAX=1); the next is refused.
        const waiting = send('POST', '/generate', { prompt: 'x', maxNewTokens: 2 });
        await waitFor('the first request to wait for the held generation', () => localGenerations.waitingCount === 1);
        const refused = await send('POST', '/generate', { prompt: 'x', maxNewTokens: 2 });
        expect(refused.status).toBe(503);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(refused.body.error).toMatch(/^local generation is busy/);
        // Remote generators are not queued behind local ones.
        expect((await send('POST', '/summarize', { query: 'strings', model: 'openai:gpt-test' })).status).toBe(200);
        release();
        expect((await waiting).status).toBe(200);
      } finally {
        release();
        await held;
      }
    });

    it('stops at GENERATION_TIMEOUT_MS and answers the text so far with finishReason timeout', async () => {
      // Another string for the same directory, so that this process loads it with this stack's timeout.
      const model = `${tinyGpt2}/.`;
      const quick = await startTestStack(testConfig({ GENERATION_MODEL: model, GENERATION_TIMEOUT_MS: '1' }), { workers: false });
      try {
        const answer = await quick.post('/generate', { prompt: 'El futuro', maxNewTokens: 500 });
        expect(answer.status).toBe(200);
        expect(answer.body.finishReason).toBe('timeout');
        expect(answer.body.tokens).toBeGreaterThanOrEqual(1);
        expect(answer.body.tokens).toBeLessThan(500);
      } finally {
        await quick.close();
      }
    });
  });
});
