import { waitUntil } from '../support/wait-until';
import { Redis } from 'ioredis';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { expectedReviews, storedReviews } from '../support/expected-reviews';

/**
 * Every Redis connection of the service (API, worker, its embedding
 * processes; all named after the queue prefix) dropped with CLIENT KILL in the
 * middle of an ingest: they reconnect and the ingest completes exactly.
 */
describe('Redis connections dropped mid-ingest', () => {
  const ROWS = 300;
  const config = testConfig({ INGEST_BATCH_SIZE: '16' });
  let stack: TestStack;
  let admin: Redis;
  let firstJobId: string;

  beforeAll(async () => {
    stack = await startTestStack(config);
    admin = new Redis(config.redisUrl);
  });
  afterAll(async () => {
    await stack.close();
    admin.disconnect();
  });

  /** CLIENT KILL of this service's connections only (their names start with its queue prefix); returns their names. */
  async function dropServiceConnections(): Promise<string[]> {
    const clients = String(await admin.client('LIST'))
      .split('\n')
      .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2) as [string, string])))
      .filter((client) => client.name?.startsWith(`${config.queuePrefix}:`));
    for (const client of clients) await admin.client('KILL', 'ID', client.id!);
    return clients.map((client) => client.name!);
  }

  it('worker and API reconnect and carry on: the ingest completes with every review once', async () => {
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: ROWS });
    expect(accepted.status).toBe(202);
    const jobId: string = accepted.body.jobId;
    firstJobId = jobId;
    await waitUntil(
      `ingest ${jobId} to upsert 32 reviews before the drop`,
      async () => {
        const status = await stack.queue.status(jobId);
        if (status?.state === 'completed' || status?.state === 'failed') throw new Error(`ingest ended before the drop: ${status.state}`);
        return (status?.progress.upserted ?? 0) >= 32;
      },
      120_000,
    );

    const dropped = await dropServiceConnections();
    // The API's producer, the worker's own, BullMQ's blocking ones and the embedding processes' cache.
    expect(dropped).toEqual(expect.arrayContaining([`${config.queuePrefix}:producer`, `${config.queuePrefix}:worker`, `${config.queuePrefix}:embedding-cache`]));
    expect(dropped.length).toBeGreaterThanOrEqual(5);

    const status = await stack.waitForIngest(jobId);
    expect({ state: status.state, reason: status.failedReason ?? null }).toEqual({ state: 'completed', reason: null });
    const expected = expectedReviews(testEnv('CORPUS'), ROWS);
    expect(status.result).toMatchObject({ read: ROWS, upserted: expected.size, points: expected.size });
    const stored = await storedReviews(stack.store, config.collection, 'use-lite');
    expect(stored.points).toBe(expected.size);
    expect(stored.byId).toEqual(expected);
  });

  it('after another drop, the API reads ingest status and accepts a new ingest that the worker runs', async () => {
    const before = await stack.get(`/ingest/${firstJobId}`);
    expect(before.status).toBe(200);
    await dropServiceConnections();
    const after = await stack.get(`/ingest/${firstJobId}`);
    expect(after.status).toBe(200);
    expect(after.body.result).toEqual(before.body.result);

    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 40 });
    expect(accepted.status).toBe(202);
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect(status.state).toBe('completed');
    const search = await stack.post('/search', { query: 'a cable that crackles', limit: 5 });
    expect(search.status).toBe(200);
    expect(search.body.results).toHaveLength(5);
  });
});
