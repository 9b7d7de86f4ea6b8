import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { qdrantStore, startLocalQdrant, type LocalQdrant, type QdrantStore } from '@review-search/shared';
import { CANARIES, canariesIn, responseText } from '../support/canaries';
import { FIXTURE_CSV, FIXTURE_EXPECTED } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { serviceEnvironment, startService, waitForHttp, type ServiceProcess } from '../support/service-processes';
import { testConfig } from '../support/stack';

/**
 * The real service (API and ingest worker, each its own process) as it runs
 * exposed: an API key, a Qdrant behind its own key, a Redis password, paid
 * provider keys, and one sources folder. Every answer it gives to the attacks
 * of a stranger, and every line it logs, is searched for those secrets.
 */
describe('the service exposed, with canary secrets in its environment', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-exposed-'));
  const sourcesDir = path.join(root, 'sources');
  /** Every answer of the running test (status line, headers, body), searched for the canaries after it. */
  let seen: string[] = [];
  let qdrant: LocalQdrant;
  let store: QdrantStore;
  let services: ServiceProcess[] = [];
  let baseUrl: string;
  let alias: string;
  let live: { collection: string; points: number };

  /** A request as a stranger sends it (or with the key); its whole answer is kept for the canary search. */
  async function call(method: string, route: string, options: { body?: unknown; key?: boolean } = {}) {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.key) headers.authorization = `Bearer ${CANARIES.API_KEY}`;
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await responseText(response);
    seen.push(`${method} ${route}\n${text}`);
    const body = text.slice(text.indexOf('\n\n') + 2);
    return { status: response.status, body: body ? (JSON.parse(body) as any) : undefined };
  }

  async function ingestOutcome(jobId: string): Promise<{ state: string; failedReason: string | null; result: any }> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const status = await call('GET', `/ingest/${jobId}`, { key: true });
      expect(status.status).toBe(200);
      if (status.body.state === 'completed' || status.body.state === 'failed') return status.body;
      if (Date.now() > deadline) throw new Error(`ingest ${jobId} did not finish within 120 s (state ${status.body.state})`);
      await sleep(100);
    }
  }

  beforeAll(async () => {
    fs.mkdirSync(sourcesDir);
    fs.writeFileSync(path.join(sourcesDir, 'reviews.csv'), FIXTURE_CSV);
    // Inside the folder, but not reviews: the environment of a process, as /proc/self/environ reads.
    fs.writeFileSync(
      path.join(sourcesDir, 'environ.csv'),
      Object.entries(CANARIES).map(([name, value]) => `${name}=${value}`).join('\0'),
    );
    fs.symlinkSync('/etc/passwd', path.join(sourcesDir, 'passwd.csv'));
    fs.writeFileSync(path.join(root, 'outside.csv'), FIXTURE_CSV);

    const [port, grpcPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    qdrant = await startLocalQdrant({
      storagePath: path.join(root, 'qdrant'),
      port,
      grpcPort,
      env: { QDRANT__SERVICE__API_KEY: CANARIES.QDRANT_API_KEY },
    });
    const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    // The test Redis has no password: the service sends the canary one all the same, and must never show it.
    redis.password = CANARIES.REDIS_PASSWORD;
    const config = testConfig({
      QDRANT_URL: qdrant.url,
      QDRANT_API_KEY: CANARIES.QDRANT_API_KEY,
      REDIS_URL: redis.toString(),
      OPENAI_API_KEY: CANARIES.OPENAI_API_KEY,
      HF_TOKEN: CANARIES.HF_TOKEN,
      API_KEY: CANARIES.API_KEY,
      SOURCES_DIR: sourcesDir,
      ALLOW_PRIVATE_SOURCES: 'false',
      LOG_LEVEL: 'debug',
    });
    alias = config.collection;
    store = qdrantStore(config);
    const env = serviceEnvironment(config, {
      API_KEY: CANARIES.API_KEY,
      ALLOW_PRIVATE_SOURCES: 'false',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
    });
    services = [startService('ingest', env), startService('api', env)];
    baseUrl = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${baseUrl}/healthz`, services[1]);

    const built = await call('POST', '/ingest', { body: { source: path.join(sourcesDir, 'reviews.csv') }, key: true });
    expect(built.status).toBe(202);
    const outcome = await ingestOutcome(built.body.jobId);
    expect({ state: outcome.state, reason: outcome.failedReason }).toEqual({ state: 'completed', reason: null });
    const collection = (await store.aliasTarget(alias))!;
    live = { collection, points: (await store.describeCollection(collection))!.points };
    expect(live.points).toBe(FIXTURE_EXPECTED.stored);
    expect(leaksIn(seen)).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await qdrant?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  // Each test's own answers are searched for the canaries once it ends: no test relies on another's requests.
  beforeEach(() => {
    seen = [];
  });
  afterEach(() => {
    expect(leaksIn(seen)).toEqual([]);
  });

  /** The canaries in answers (named by their request line) and in the logs. */
  function leaksIn(answers: string[], logs: string[] = []): string[] {
    return [
      ...answers.flatMap((text) => canariesIn(text).map((name) => `${name} in ${text.split('\n')[0]}`)),
      ...logs.flatMap((text) => canariesIn(text).map((name) => `${name} in a log`)),
    ];
  }

  it('an ingest without the key is refused before its source is looked at', async () => {
    const refused = await call('POST', '/ingest', { body: { source: '/proc/self/environ' } });
    expect(refused.status).toBe(401);
  });

  it.each([
    ['the process environment', '/proc/self/environ'],
    ['a system file', '/etc/passwd'],
    ['a file URL', 'file:///etc/passwd'],
    ['a symlink out of the sources folder', () => path.join(sourcesDir, 'passwd.csv')],
    ['a path climbing out with ..', () => `${sourcesDir}/../outside.csv`],
    ['a file beside the folder', () => path.join(root, 'outside.csv')],
  ])('a file source outside SOURCES_DIR is refused with 400 naming it: %s', async (_what, source) => {
    const refused = await call('POST', '/ingest', { body: { source: typeof source === 'function' ? source() : source }, key: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/SOURCES_DIR/);
  });

  it('a source inside the folder that is not a CSV of reviews fails without quoting a byte of it', async () => {
    const accepted = await call('POST', '/ingest', { body: { source: path.join(sourcesDir, 'environ.csv') }, key: true });
    expect(accepted.status).toBe(202);
    const outcome = await ingestOutcome(accepted.body.jobId);
    expect(outcome.state).toBe('failed');
    expect(outcome.failedReason).toBe('the source is not a CSV with the columns asked for (its first line does not read as a CSV header, so none of it is shown)');
  });

  it('ingest jobs are unguessable and their status needs the key', async () => {
    const accepted = await call('POST', '/ingest', { body: { source: path.join(sourcesDir, 'reviews.csv'), collection: `${alias}-second`, activate: false }, key: true });
    expect(accepted.status).toBe(202);
    expect(accepted.body.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await call('GET', `/ingest/${accepted.body.jobId}`)).status).toBe(401);
    expect((await ingestOutcome(accepted.body.jobId)).state).toBe('completed');
  });

  it('export, the queue dashboard and readiness detail need the key', async () => {
    expect((await call('GET', `/collections/${alias}/export`)).status).toBe(401);
    expect((await call('GET', '/admin/queues')).status).toBe(401);
    const anonymous = await call('GET', '/readyz');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.checks).toBeUndefined();
    const keyed = await call('GET', '/readyz', { key: true });
    expect(keyed.body.checks).toMatchObject({ qdrant: 'ok', redis: 'ok' });
  });

  it('models the operator did not configure are refused, whatever their form', async () => {
    for (const model of ['Xenova/bge-base-en-v1.5', 'openai:text-embedding-3-large', 'hf:BAAI/bge-m3', '/tmp', './models/mine']) {
      const search = await call('POST', '/search', { body: { query: 'strings that stay in tune', model } });
      expect({ model, status: search.status }).toEqual({ model, status: 400 });
    }
    for (const model of ['Xenova/gpt2-large', 'openai:gpt-4o', 'hf:meta-llama/Llama-3.1-8B-Instruct', '/tmp']) {
      const generate = await call('POST', '/generate', { body: { prompt: 'El futuro de la música es ', maxNewTokens: 5, model } });
      expect({ model, status: generate.status }).toEqual({ model, status: 400 });
      const summary = await call('POST', '/summarize', { body: { query: 'strings that stay in tune', model } });
      expect({ model, status: summary.status }).toEqual({ model, status: 400 });
    }
  });

  it('deleting a collection of another alias, or the live one, is refused and changes nothing', async () => {
    const foreign = `other-${alias}--use-lite--1`;
    await store.ensureCollection(foreign, 512, 'use-lite');
    const other = await call('DELETE', `/collections/${foreign}`, { key: true });
    expect([403, 404]).toContain(other.status);
    expect(await store.describeCollection(foreign)).toBeDefined();
    const current = await call('DELETE', `/collections/${live.collection}`, { key: true });
    expect(current.status).toBe(409);
    await store.deleteCollection(foreign);
  });

  it('after attacks of its own: the live collection is unchanged, and no answer or log line holds a secret', async () => {
    // Its own attacks, so it proves the same whichever tests ran before it (or none).
    const attacks: [string, string, { body?: unknown; key?: boolean }][] = [
      ['POST', '/ingest', { body: { source: '/proc/self/environ' } }],
      ['POST', '/ingest', { body: { source: '/proc/self/environ' }, key: true }],
      ['POST', '/ingest', { body: { source: 'file:///etc/passwd' }, key: true }],
      ['POST', '/ingest', { body: { source: path.join(sourcesDir, 'passwd.csv') }, key: true }],
      ['POST', '/search', { body: { query: 'strings', model: 'openai:text-embedding-3-large' } }],
      ['POST', '/generate', { body: { prompt: 'x', maxNewTokens: 5, model: 'openai:gpt-4o' } }],
      ['POST', '/summarize', { body: { query: 'strings', model: 'hf:meta-llama/Llama-3.1-8B-Instruct' } }],
      ['GET', `/collections/${alias}/export`, {}],
      ['GET', '/admin/queues', {}],
      ['GET', '/readyz', { key: true }],
      ['GET', '/ingest/00000000-0000-4000-8000-000000000000', { key: true }],
      ['DELETE', `/collections/${live.collection}`, { key: true }],
    ];
    for (const [method, route, options] of attacks) {
      const answer = await call(method, route, options);
      expect({ method, route, refused: answer.status >= 400 || route === '/readyz' }).toEqual({ method, route, refused: true });
    }
    expect(await store.aliasTarget(alias)).toBe(live.collection);
    expect((await store.describeCollection(live.collection))!.points).toBe(live.points);
    const search = await call('POST', '/search', { body: { query: 'strings that stay in tune', limit: 2 } });
    expect(search.status).toBe(200);
    expect(search.body.results).toHaveLength(2);

    const logs = services.map((service) => service.log());
    // The logs were written (the search above, at least), so an empty file cannot pass for a clean one.
    expect(logs[1]).toMatch(/\/search/);
    expect(seen).toHaveLength(attacks.length + 1);
    expect(leaksIn(seen, logs)).toEqual([]);
  });
});
