import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { IngestQueues, isBuildOf, loadedModels } from '@review-search/shared';
import { activateBuild } from '@review-search/ingest';
import { FIXTURE_CSV, FIXTURE_EXPECTED, CSV_HEADER, writeTempFile } from '../support/fixtures';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { waitUntil } from '../support/wait-until';

/** The alias's builds in the store, by name. */
async function buildsOf(stack: TestStack): Promise<string[]> {
  return (await stack.store.listCollections()).map((c) => c.name).filter((name) => isBuildOf(stack.config.collection, name)).sort();
}

describe('a model that cannot be had', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-lifecycle-'));
  const missing = path.join(work, 'no-such-model');
  const vanishing = path.join(work, 'tiny-bert-copy');
  let stack: TestStack;

  beforeAll(async () => {
    fs.cpSync(testEnv('TINY_BERT'), vanishing, { recursive: true });
    stack = await startTestStack(testConfig({ EMBEDDING_MODELS: ['use-lite', missing, vanishing].join(',') }));
  });
  afterAll(async () => {
    await stack.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('fails its build before the source is read: the reason names the model, no collection is made, no batch job is left', async () => {
    const accepted = await stack.post('/ingest', { source: writeTempFile('reviews.csv', FIXTURE_CSV), model: missing });
    expect(accepted.status).toBe(202);
    const status = await stack.waitForIngest(accepted.body.jobId, 30_000);
    expect(status.state).toBe('failed');
    expect(status.failedReason).toContain(`embedding model '${missing}' cannot be loaded`);
    expect(await stack.store.describeCollection(accepted.body.collection)).toBeUndefined();
    // No batch job of this ingest was ever made: BullMQ keeps one hash per job under the queue's prefix.
    const redis = new Redis(stack.config.redisUrl);
    try {
      expect(await redis.keys(`${stack.config.queuePrefix}:${IngestQueues.batches}:${accepted.body.jobId}-batch-*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('answers 503 naming the model when a build\'s model can no longer be loaded', async () => {
    const accepted = await stack.post('/ingest', { source: writeTempFile('reviews.csv', FIXTURE_CSV), model: vanishing, collection: 'lifecycle-vanishing' });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    fs.rmSync(vanishing, { recursive: true, force: true });
    loadedModels.clear();
    const search = await stack.post('/search', { query: 'strings', collection: 'lifecycle-vanishing', mode: 'dense' });
    expect(search.status).toBe(503);
    expect(search.body.error).toContain(`embedding model '${vanishing}' cannot be loaded`);
    await stack.store.deleteCollection('lifecycle-vanishing');
  });
});

describe('builds over time', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(testConfig({ BUILDS_KEEP: '1' }));
  });
  afterAll(async () => {
    for (const name of await buildsOf(stack)) if (name !== (await stack.store.aliasTarget(stack.config.collection))) await stack.store.deleteCollection(name);
    await stack.close();
  });

  const build = async (csv: string, extra: Record<string, unknown> = {}) => {
    const accepted = await stack.post('/ingest', { source: writeTempFile('reviews.csv', csv), ...extra });
    expect(accepted.status).toBe(202);
    return { ...(await stack.waitForIngest(accepted.body.jobId)), collection: accepted.body.collection as string };
  };

  it('three successful builds and one failed one leave the live build and BUILDS_KEEP=1 kept build', async () => {
    const first = await build(FIXTURE_CSV);
    const second = await build(FIXTURE_CSV);
    const failed = await build(`${CSV_HEADER}\r\nA9,B9,Nobody,"[0, 0]",,3.0,empty,1377648000,"08 28, 2013"\r\n`);
    const third = await build(FIXTURE_CSV);
    expect([first.state, second.state, failed.state, third.state]).toEqual(['completed', 'completed', 'failed', 'completed']);
    expect(third.result).toMatchObject({ activated: stack.config.collection, upserted: FIXTURE_EXPECTED.stored, pruned: [first.collection] });
    await waitUntil(`the failed build '${failed.collection}' to be deleted`, async () => !(await stack.store.describeCollection(failed.collection)));
    expect(await buildsOf(stack)).toEqual([second.collection, third.collection].sort());
    const listed = await stack.get('/collections');
    const states = Object.fromEntries((listed.body.collections as { name: string; state: string }[]).map((c) => [c.name, c.state]));
    expect(states[third.collection]).toBe('live');
    expect(states[second.collection]).toBe('kept');
  });

  it('a partial ingest (limit) is built but does not go live unless asked', async () => {
    const live = await stack.store.aliasTarget(stack.config.collection);
    const partial = await build(FIXTURE_CSV, { limit: 2 });
    expect(partial.state).toBe('completed');
    expect(partial.result).toMatchObject({ activated: null, read: 2 });
    expect(await stack.store.aliasTarget(stack.config.collection)).toBe(live);
    const asked = await build(FIXTURE_CSV, { limit: 2, activate: true });
    expect(asked.result).toMatchObject({ activated: stack.config.collection });
    expect(await stack.store.aliasTarget(stack.config.collection)).toBe(asked.collection);
  });
});

describe('switching the alias as compare-and-set', () => {
  const config = testConfig();
  const alias = config.collection;
  let stack: TestStack;
  const made: string[] = [];
  /** A finished build of the alias that started at `startedAt`. */
  const builtAt = async (label: string, startedAt: number) => {
    const name = `${alias}--${label}--20261202-120000-${(made.length + 0xa0).toString(16).padStart(4, '0')}`;
    await stack.store.ensureCollection(name, 4, 'cas-model');
    await stack.store.recordBuild(name, { state: 'built', startedAt });
    made.push(name);
    return name;
  };
  beforeAll(async () => {
    stack = await startTestStack(config, { workers: false });
  });
  afterAll(async () => {
    for (const name of made) await stack.store.deleteCollection(name).catch(() => undefined);
    await stack.close();
  });

  it('two builds finishing out of order end with the one that started last live', async () => {
    const older = await builtAt('older', 1_000);
    const newer = await builtAt('newer', 2_000);
    expect(await activateBuild(stack.store, alias, newer, 2_000)).toEqual({ activated: true });
    const late = await activateBuild(stack.store, alias, older, 1_000);
    expect(late.activated).toBe(false);
    expect(await stack.store.aliasTarget(alias)).toBe(newer);
    // In order, the later start wins too.
    const newest = await builtAt('newest', 3_000);
    expect(await activateBuild(stack.store, alias, newest, 3_000)).toEqual({ activated: true });
    expect(await stack.store.aliasTarget(alias)).toBe(newest);
  });

  it('a manual activate during a build wins: the build stays inactive and says why', async () => {
    const running = await builtAt('running', Date.now() - 1_000);
    const chosen = await builtAt('chosen', 500);
    const manual = await stack.post(`/collections/${chosen}/activate`, {});
    expect(manual.status).toBe(200);
    const finished = await activateBuild(stack.store, alias, running, (await stack.store.describeCollection(running))!.build!.startedAt);
    expect(finished).toMatchObject({ activated: false, reason: expect.stringContaining(`'${chosen}' stays live`) });
    expect(await stack.store.aliasTarget(alias)).toBe(chosen);
  });
});
