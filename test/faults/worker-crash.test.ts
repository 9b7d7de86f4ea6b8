import { setTimeout as sleep } from 'node:timers/promises';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { expectedReviews, storedReviews } from '../support/expected-reviews';
import { serviceEnvironment, startService, type ServiceProcess } from '../support/service-processes';

/**
 * `kill -9` of an ingest worker (and its embedding processes) in the middle of
 * an ingest; a new worker takes the work up: every review stored exactly once.
 */
describe('an ingest worker killed mid-run', () => {
  const ROWS = 400;
  const config = testConfig({ INGEST_BATCH_SIZE: '16', INGEST_STALLED_MS: '5000' });
  let stack: TestStack;
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    stack = await startTestStack(config, { workers: false });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.crash()));
    await stack.close();
  });

  it('completes after a new worker starts, with the exact point count and no review missing or twice', async () => {
    workers.push(startService('ingest', serviceEnvironment(config)));
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: ROWS });
    expect(accepted.status).toBe(202);
    const jobId: string = accepted.body.jobId;

    // Let some batches finish, then kill the worker's whole process group.
    for (;;) {
      const status = await stack.queue.status(jobId);
      if (status?.state === 'completed' || status?.state === 'failed') throw new Error(`ingest ended before the crash: ${status.state}`);
      if ((status?.progress.upserted ?? 0) >= 48) break;
      await sleep(100);
    }
    await workers[0]!.crash();
    const atCrash = await stack.queue.status(jobId);
    expect(atCrash?.state).not.toBe('completed');
    expect(atCrash!.progress.upserted).toBeLessThan(ROWS - 10);

    workers.push(startService('ingest', serviceEnvironment(config)));
    const status = await stack.waitForIngest(jobId);
    expect({ state: status.state, reason: status.failedReason ?? null }).toEqual({ state: 'completed', reason: null });

    const expected = expectedReviews(testEnv('CORPUS'), ROWS);
    expect(status.result).toMatchObject({ read: ROWS, upserted: expected.size, skipped: ROWS - expected.size, points: expected.size });
    const stored = await storedReviews(stack.store, config.collection, 'use-lite');
    expect(stored.points).toBe(expected.size);
    expect(stored.byId).toEqual(expected);
  });
});
