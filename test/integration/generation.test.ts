import { Redis } from 'ioredis';
import { createApp } from '@review-search/api';
import { ConfigError, createLogger, loadEmbedder } from '@review-search/shared';
import { startProviderServer, type ProviderServer } from '../support/provider-server';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';

const OPENAI_KEY = 'sk-test-secret-0123456789';
const HF_TOKEN = 'hf_testsecret0123456789';

/** Generation and summaries, offline: a tiny generated GPT-2, the extractive summariser, and local stand-ins for the paid APIs. */
describe('generation and summaries', () => {
  let provider: ProviderServer;
  let stack: TestStack;
  let tinyGpt2: string;
  const bodies: string[] = [];

  /** A request, with the wall time the test measured around it (an upper bound for any took_ms in its answer). */
  const post = async (route: string, body: unknown) => {
    const started = performance.now();
    const response = await stack.post(route, body);
    const wallMs = performance.now() - started;
    bodies.push(JSON.stringify(response.body));
    return { ...response, wallMs };
  };
  /** A reported took_ms: a finite number of milliseconds, not negative (positive when work was surely done), and no more than the wall time measured around the request. */
  const expectTook = (tookMs: unknown, wallMs: number, { positive }: { positive: boolean }) => {
    expect(typeof tookMs).toBe('number');
    expect(Number.isFinite(tookMs)).toBe(true);
    if (positive) expect(tookMs).toBeGreaterThan(0);
    else expect(tookMs).toBeGreaterThanOrEqual(0);
    expect(tookMs).toBeLessThanOrEqual(wallMs);
  };

  /** Every model these tests name: a request may only name configured ones. */
  const providerModels = [
    'openai:gpt-test',
    'openai:limited-model',
    'hf:org/limited-instruct',
    'openai:slow-model',
    'hf:org/slow-instruct',
    'openai:broken-model',
    'hf:org/broken-instruct',
    'hf:Qwen/Qwen2.5-7B-Instruct',
    'hf:openai-community/gpt2',
    'openai:gpt-4o-mini',
    'hf:meta-llama/Llama-3.1-8B-Instruct',
  ];

  beforeAll(async () => {
    provider = await startProviderServer();
    tinyGpt2 = testEnv('TINY_GPT2');
    stack = await startTestStack(
      testConfig({
        GENERATION_MODEL: tinyGpt2,
        GENERATION_MODELS: [tinyGpt2, 'extractive', './no/such/model-dir', ...providerModels].join(','),
        OPENAI_API_KEY: OPENAI_KEY,
        OPENAI_BASE_URL: `${provider.url}/v1`,
        HF_TOKEN,
        HF_ENDPOINT_URL: provider.url,
        GENERATION_TIMEOUT_MS: '2000',
      }),
    );
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 300 });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
  });
  afterAll(async () => {
    await stack.close();
    await provider.close();
  });

  describe('POST /generate on a local transformers.js model', () => {
    it.each([1, 5, 20, 60])('honours maxNewTokens = %i', async (maxNewTokens) => {
      const response = await post('/generate', { prompt: 'El futuro de la música es ', maxNewTokens });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ tokens: maxNewTokens, finishReason: 'length', model: tinyGpt2 });
      expect(typeof response.body.text).toBe('string');
      // Running the model for at least one token takes time; no more than the request took as the test saw it.
      expectTook(response.body.took_ms, response.wallMs, { positive: true });
    });

    it('is repeatable with a seed when sampling', async () => {
      const request = { prompt: 'Un consejo', maxNewTokens: 12, temperature: 0.9, topP: 0.95, seed: 11 };
      const first = await post('/generate', request);
      const second = await post('/generate', request);
      expect(second.body.text).toBe(first.body.text);
    });

    it('answers 400 listing the allowed models for an unconfigured model, and for extractive', async () => {
      const unknown = await post('/generate', { prompt: 'x', maxNewTokens: 5, model: 'not a model' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatch(/^generation model 'not a model' is not offered by this service; allowed: /);
      expect(unknown.body.details.allowed).toEqual([tinyGpt2, './no/such/model-dir', ...providerModels]);
      const extractive = await post('/generate', { prompt: 'x', maxNewTokens: 5, model: 'extractive' });
      expect(extractive.status).toBe(400);
      expect(extractive.body.error).toMatch(/only summarises/);
    });

    it('a configured model of no known form stops start-up, naming it and the valid forms', async () => {
      const config = testConfig({ GENERATION_MODELS: `${tinyGpt2},not a model`, EMBEDDING_MODELS: 'use-lite,./some/dir,no form' });
      expect(() => createApp({ config, store: stack.store, queue: stack.queue, log: createLogger('test', 'silent') })).toThrow(ConfigError);
      expect(() => createApp({ config, store: stack.store, queue: stack.queue, log: createLogger('test', 'silent') })).toThrow(
        /EMBEDDING_MODELS: unknown embedding model 'no form'; valid forms: .*; GENERATION_MODELS: unknown generation model 'not a model'; valid forms: /,
      );
      // Refused before any connection is made: no Redis client of its own is left open behind the error.
      const redis = new Redis(config.redisUrl);
      try {
        expect(String(await redis.client('LIST'))).not.toContain(`name=${config.queuePrefix}:`);
      } finally {
        redis.disconnect();
      }
    });

    it('answers 503 with the reason when a model cannot be loaded', async () => {
      const response = await post('/generate', { prompt: 'x', maxNewTokens: 5, model: './no/such/model-dir' });
      expect(response.status).toBe(503);
      expect(response.body.error).toMatch(/^generation model '\.\/no\/such\/model-dir' cannot be loaded: /);
    });
  });

  describe('POST /generate/sweep', () => {
    it("defaults to the exercise's three prompts and [5, 20, 60, 200], with signals per cell", async () => {
      const response = await post('/generate/sweep', {});
      expect(response.status).toBe(200);
      expect(response.body.prompts).toEqual([
        'La inteligencia artificial en educación ',
        'El futuro de la música es ',
        'Un consejo para programadores principiantes es ',
      ]);
      expect(response.body.maxNewTokens).toEqual([5, 20, 60, 200]);
      expect(response.body.cells).toHaveLength(12);
      for (const cell of response.body.cells) {
        expect(cell.tokens).toBe(cell.maxNewTokens);
        for (const signal of [cell.distinct2, cell.repetitionRate]) {
          if (signal !== null) expect(signal >= 0 && signal <= 1).toBe(true);
        }
      }
      expect(response.body.cells.map((c: any) => [c.prompt, c.maxNewTokens])).toEqual(
        response.body.prompts.flatMap((p: string) => [5, 20, 60, 200].map((n) => [p, n])),
      );
    });
  });

  describe('POST /summarize', () => {
    it('extractive: themes of retrieved reviews, each sentence copied from a review it cites, within the word budget', async () => {
      const response = await post('/summarize', { query: 'cheap cable that works well', limit: 5, model: 'extractive', maxNewTokens: 80 });
      expect(response.status).toBe(200);
      const retrieved = response.body.reviews.map((r: any) => r.id);
      expect(retrieved).toHaveLength(5);
      expect(response.body.citations.length).toBeGreaterThan(0);
      for (const id of response.body.citations) expect(retrieved).toContain(id);
      expect(response.body.themes.length).toBeGreaterThan(0);
      const texts = await stack.store.getReviews(stack.config.collection, retrieved);
      for (const theme of response.body.themes) {
        expect(theme.count).toBe(theme.reviews.length);
        for (const id of theme.reviews) expect(response.body.citations).toContain(id);
        const held = texts.filter((t) => theme.reviews.includes(t.id) && t.review.reviewText.replace(/\s+/g, ' ').includes(theme.sentence));
        expect(held.length).toBeGreaterThan(0);
        expect(response.body.summary).toContain(theme.sentence);
      }
      const cited = retrieved.filter((id: string) => response.body.citations.includes(id)).length;
      expect(response.body.coverage).toBeCloseTo(cited / retrieved.length, 3);
      expect(response.body.summary.split(/\s+/).length).toBeLessThanOrEqual(80);
    });

    it.each(['strings that stay in tune', 'guitar cable', 'tuner accuracy'])(
      'extractive (%s): no two sentences with cosine >= 0.9, citations only of retrieved reviews',
      async (query) => {
        const response = await post('/summarize', { query, limit: 20, model: 'extractive', maxNewTokens: 400 });
        expect(response.status).toBe(200);
        const retrieved = response.body.reviews.map((r: any) => r.id);
        for (const id of response.body.citations) expect(retrieved).toContain(id);
        const sentences = response.body.themes.map((t: any) => t.sentence);
        expect(sentences.length).toBeGreaterThan(1);
        const embedder = await loadEmbedder('use-lite', { cacheDir: '.cache/models' });
        const vectors = await embedder.embed(sentences);
        for (let i = 0; i < vectors.length; i += 1) {
          for (let j = i + 1; j < vectors.length; j += 1) {
            const cosine = vectors[i]!.reduce((sum, x, k) => sum + x * vectors[j]![k]!, 0);
            expect([sentences[i], sentences[j], cosine < 0.9]).toEqual([sentences[i], sentences[j], true]);
          }
        }
      },
    );

    it('a local model gets a prompt sized to its context: only the reviews that fit are cited', async () => {
      const response = await post('/summarize', { query: 'guitar cable', limit: 20, model: tinyGpt2, maxNewTokens: 40 });
      expect(response.status).toBe(200);
      const retrieved = response.body.reviews.map((r: any) => r.id);
      expect(retrieved).toHaveLength(20);
      expect(response.body.citations.length).toBeGreaterThan(0);
      expect(response.body.citations.length).toBeLessThan(20);
      // Best first: the cited reviews keep their retrieval order (a review repeating an earlier one is folded into it).
      const order = response.body.citations.map((id: string) => retrieved.indexOf(id));
      expect(order.every((index: number) => index >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a: number, b: number) => a - b));
      expect(response.body.themes).toBeNull();
    });

    it('openai:<model> sends the grounded prompt with the key, and returns the answer', async () => {
      const response = await post('/summarize', { query: 'strings that stay in tune', model: 'openai:gpt-test' });
      expect(response.status).toBe(200);
      expect(response.body.summary).toMatch(/^Reviewers mostly agree\. \[1\]/);
      expect(response.body.citations).toHaveLength(5);
      const request = [...provider.requests].reverse().find((r) => r.body.model === 'gpt-test')!;
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.authorization).toBe(`Bearer ${OPENAI_KEY}`);
      expect(request.body.messages[0]).toMatchObject({ role: 'system' });
      expect(request.body.messages[1].content).toMatch(/^Shopper's question: strings that stay in tune\n\nReviews:\n\[1\]/);
    });

    it('hf:<model>: chat completion for an instruct model, text generation otherwise', async () => {
      const chat = await post('/generate', { prompt: 'hello', maxNewTokens: 30, model: 'hf:Qwen/Qwen2.5-7B-Instruct' });
      expect(chat.status).toBe(200);
      expect(chat.body).toMatchObject({ text: 'Reviewers mostly agree. no reviews', tokens: 17, finishReason: 'stop' });
      const text = await post('/generate', { prompt: 'The strings', maxNewTokens: 9, model: 'hf:openai-community/gpt2' });
      expect(text.status).toBe(200);
      expect(text.body.text).toBe(' the strings stay in tune and sound bright');
      const requests = provider.requests.filter((r) => r.authorization === `Bearer ${HF_TOKEN}`);
      expect(requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/v1/chat/completions', '/v1/completions']));
    });
  });

  describe('provider failures', () => {
    it.each(['openai:limited-model', 'hf:org/limited-instruct'])('%s: 429 with its Retry-After', async (model) => {
      const response = await fetch(`${stack.baseUrl}/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'x', maxNewTokens: 5, model }),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      const body = await response.json();
      bodies.push(JSON.stringify(body));
      expect(body).toEqual({ error: `${model} is rate limited by its provider`, details: { retryAfter: 7 } });
    });

    it.each(['openai:slow-model', 'hf:org/slow-instruct'])('%s: 504 when it does not answer in time', async (model) => {
      const response = await post('/generate', { prompt: 'x', maxNewTokens: 5, model });
      expect(response.body.error).toBe(`${model} did not answer in time`);
      expect(response.status).toBe(504);
      expect(response.body.error).toBe(`${model} did not answer in time`);
    });

    it.each(['openai:broken-model', 'hf:org/broken-instruct'])('%s: 502 with the provider status', async (model) => {
      const response = await post('/generate', { prompt: 'x', maxNewTokens: 5, model });
      expect(response.status).toBe(502);
      expect(response.body.error).toMatch(new RegExp(`^${model} failed: 500`));
    });

    it('a missing key or token answers 503 naming the variable', async () => {
      const bare = await startTestStack(
        testConfig({ GENERATION_MODEL: tinyGpt2, GENERATION_MODELS: 'openai:gpt-4o-mini,hf:meta-llama/Llama-3.1-8B-Instruct' }),
        { workers: false },
      );
      try {
        const openai = await bare.post('/generate', { prompt: 'x', maxNewTokens: 5, model: 'openai:gpt-4o-mini' });
        expect(openai.status).toBe(503);
        expect(openai.body.error).toMatch(/^OPENAI_API_KEY is not set/);
        const hf = await bare.post('/generate', { prompt: 'x', maxNewTokens: 5, model: 'hf:meta-llama/Llama-3.1-8B-Instruct' });
        expect(hf.status).toBe(503);
        expect(hf.body.error).toMatch(/^HF_TOKEN is not set/);
      } finally {
        await bare.close();
      }
    });
  });

  describe('POST /summarize/compare', () => {
    it('summarises the same reviews with each model, side by side, with time, length and faithfulness', async () => {
      const models = ['extractive', 'openai:gpt-test', tinyGpt2, 'openai:limited-model'];
      const response = await post('/summarize/compare', { query: 'strings that stay in tune', models, maxNewTokens: 60 });
      expect(response.status).toBe(200);
      expect(response.body.reviews).toHaveLength(5);
      expect(response.body.results.map((r: any) => r.model)).toEqual(models);
      const [extractive, openai, local, limited] = response.body.results;
      // Sentences copied from the reviews are supported by them.
      expect(extractive.faithfulness).toMatchObject({ supported: 1, threshold: 0.75 });
      for (const s of extractive.faithfulness.sentences) expect(s.best).toBeCloseTo(1, 3);
      expect(openai.error).toBeNull();
      expect(openai.words).toBeGreaterThan(0);
      expect(local.error).toBeNull();
      expect(local.summary.length).toBeGreaterThan(0);
      // The models run one after another within the request: each cell's time, and their sum, fit in the answer's took_ms,
      // which fits in the wall time the test measured (each value is rounded to 0.1 ms, hence the 0.05 ms per value).
      for (const cell of response.body.results) expectTook(cell.took_ms, response.wallMs, { positive: false });
      expectTook(local.took_ms, response.wallMs, { positive: true });
      expectTook(response.body.took_ms, response.wallMs, { positive: true });
      const cells = response.body.results.reduce((sum: number, cell: { took_ms: number }) => sum + cell.took_ms, 0);
      expect(cells).toBeLessThanOrEqual(response.body.took_ms + 0.05 * (response.body.results.length + 1));
      expect(limited).toMatchObject({ summary: null, error: { status: 429 } });
    });
  });

  // Every test's answers, checked as it ends (whatever ran before it): no secret in any response body.
  afterEach(() => {
    const leaked = bodies.filter((body) => body.includes(OPENAI_KEY) || body.includes(HF_TOKEN));
    bodies.length = 0;
    expect(leaked).toEqual([]);
  });

  it('no secret appears in the answers of providers that fail, refuse or time out', async () => {
    for (const model of ['openai:broken-model', 'hf:org/broken-instruct', 'openai:limited-model', 'hf:org/limited-instruct', 'openai:slow-model']) {
      const answer = await post('/generate', { prompt: 'Un consejo para programadores principiantes es ', maxNewTokens: 5, model });
      expect(answer.status).toBeGreaterThanOrEqual(400);
    }
    expect(bodies).toHaveLength(5);
    for (const body of bodies) {
      expect(body).not.toContain(OPENAI_KEY);
      expect(body).not.toContain(HF_TOKEN);
    }
  });
});
