import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from '../support/wait-until';
import { startLocalQdrant, type LocalQdrant } from '@review-search/shared';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { expectedReviews, storedReviews } from '../support/expected-reviews';
import { freePort } from '../support/free-port';

/**
 * Qdrant stopped in the middle of an ingest and started again on the same
 * storage: batches retry with backoff and the ingest completes; meanwhile the
 * API answers 503 with a JSON reason, and serves again without a restart.
 */
describe('Qdrant stopped and restarted mid-ingest', () => {
  const ROWS = 300;
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-qdrant-restart-'));
  let ports: { port: number; grpcPort: number };
  let qdrant: LocalQdrant;
  let stack: TestStack;

  beforeAll(async () => {
    ports = { port: await freePort(), grpcPort: await freePort() };
    qdrant = await startLocalQdrant({ storagePath: storage, ...ports });
    stack = await startTestStack(testConfig({ QDRANT_URL: qdrant.url, INGEST_BATCH_SIZE: '16' }));
  });
  afterAll(async () => {
    await stack.close();
    await qdrant.stop();
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('rides the outage out: 503 while down, exact point count after, search recovers', async () => {
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: ROWS });
    expect(accepted.status).toBe(202);
    const jobId: string = accepted.body.jobId;
    await waitUntil(
      `ingest ${jobId} to upsert 32 reviews before the outage`,
      async () => {
        const status = await stack.queue.status(jobId);
        if (status?.state === 'completed' || status?.state === 'failed') throw new Error(`ingest ended before the outage: ${status.state}`);
        return (status?.progress.upserted ?? 0) >= 32;
      },
      120_000,
    );

    await qdrant.stop();
    const search = await stack.post('/search', { query: 'strings that stay in tune' });
    expect(search.status).toBe(503);
    expect(search.body.error).toMatch(/Qdrant/);
    const ready = await stack.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.qdrant).toMatch(/Qdrant|ECONNREFUSED|fetch failed/i);
    expect((await stack.queue.status(jobId))?.state).not.toBe('failed');

    qdrant = await startLocalQdrant({ storagePath: storage, ...ports });
    const status = await stack.waitForIngest(jobId);
    expect({ state: status.state, reason: status.failedReason ?? null }).toEqual({ state: 'completed', reason: null });

    const expected = expectedReviews(testEnv('CORPUS'), ROWS);
    expect(status.result).toMatchObject({ read: ROWS, upserted: expected.size, points: expected.size });
    const stored = await storedReviews(stack.store, stack.config.collection, 'use-lite');
    expect(stored.points).toBe(expected.size);
    expect(stored.byId).toEqual(expected);

    const after = await stack.post('/search', { query: 'strings that stay in tune', limit: 5 });
    expect(after.status).toBe(200);
    expect(after.body.results).toHaveLength(5);
    expect((await stack.get('/readyz')).status).toBe(200);
  });
});
