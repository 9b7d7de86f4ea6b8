import { Queue } from 'bullmq';
import { IngestQueues, type EmbedBatchJob } from '@review-search/shared';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { expectedReviews, expectedRows, storedReviews } from '../support/expected-reviews';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { serviceEnvironment, startService, type ServiceProcess } from '../support/service-processes';
import { waitUntil } from '../support/wait-until';

/**
 * `kill -9` of an ingest worker (and its embedding processes) in the middle of
 * an ingest; a new worker takes the work up: every review stored exactly once.
 *
 * Point ids derive from the review, so a review written twice would still be
 * one point: each worker writes to Qdrant through a recording proxy of its own,
 * which counts every acknowledged upsert of every point id.
 */
describe('an ingest worker killed mid-run', () => {
  const ROWS = 400;
  const config = testConfig({ INGEST_BATCH_SIZE: '16', INGEST_STALLED_MS: '5000' });
  let stack: TestStack;
  const workers: ServiceProcess[] = [];
  const proxies: RecordingProxy[] = [];

  beforeAll(async () => {
    stack = await startTestStack(config, { workers: false });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.crash()));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await stack.close();
  });

  /** A worker process whose Qdrant calls all go through a recording proxy of its own. */
  async function startRecordedWorker(): Promise<RecordingProxy> {
    const proxy = await startRecordingProxy(testEnv('QDRANT_URL'));
    proxies.push(proxy);
    workers.push(startService('ingest', serviceEnvironment(config, { QDRANT_URL: proxy.url })));
    return proxy;
  }

  /** The batch jobs BullMQ holds as active: after a kill -9, those whose lock the dead worker held. */
  async function activeBatches(): Promise<EmbedBatchJob[]> {
    const queue = new Queue(IngestQueues.batches, { connection: { url: config.redisUrl }, prefix: config.queuePrefix });
    try {
      return (await queue.getJobs(['active'])).map((job) => job.data as EmbedBatchJob);
    } finally {
      await queue.close();
    }
  }

  it('completes after a new worker starts, with the exact point count, no review missing, and none written twice but those of the batches the dead worker held', async () => {
    const first = await startRecordedWorker();
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: ROWS });
    expect(accepted.status).toBe(202);
    const jobId: string = accepted.body.jobId;

    // Let some batches finish, then kill the worker's whole process group.
    await waitUntil(
      `ingest ${jobId} to upsert 48 reviews before the crash`,
      async () => {
        const status = await stack.queue.status(jobId);
        if (status?.state === 'completed' || status?.state === 'failed') throw new Error(`ingest ended before the crash: ${status.state}`);
        return (status?.progress.upserted ?? 0) >= 48;
      },
      120_000,
    );
    await workers[0]!.crash();
    const atCrash = await stack.queue.status(jobId);
    expect(atCrash?.state).not.toBe('completed');
    expect(atCrash!.progress.upserted).toBeLessThan(ROWS - 10);
    // Read before a new worker's stalled check moves them back to wait.
    const held = await activeBatches();

    const second = await startRecordedWorker();
    const status = await stack.waitForIngest(jobId);
    expect({ state: status.state, reason: status.failedReason ?? null }).toEqual({ state: 'completed', reason: null });

    const expected = expectedReviews(testEnv('CORPUS'), ROWS);
    expect(status.result).toMatchObject({ read: ROWS, upserted: expected.size, skipped: ROWS - expected.size, points: expected.size });
    const stored = await storedReviews(stack.store, config.collection, 'use-lite');
    expect(stored.points).toBe(expected.size);
    expect(stored.byId).toEqual(expected);

    // What each worker wrote, counted per point id (ids computed from the CSV rows, not by the pipeline).
    const collection = (await stack.store.aliasTarget(config.collection))!;
    const before = first.writesPerId(collection);
    const after = second.writesPerId(collection);
    const rows = expectedRows(testEnv('CORPUS'), ROWS);
    const heldIds = new Set(held.flatMap((batch) => batch.rows.map((row) => rows[row.row - 1]?.id).filter((id): id is string => id !== undefined)));
    expect(held.length).toBeGreaterThan(0);
    expect(before.size).toBeGreaterThanOrEqual(48);

    // Neither worker wrote any review twice.
    expect([...before].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...after].filter(([, n]) => n !== 1)).toEqual([]);
    // Together they wrote every review, and nothing else.
    expect(new Set([...before.keys(), ...after.keys()])).toEqual(new Set(expected.keys()));
    // A batch the dead worker held (active, its lock left to expire) is run again by the new worker, so its reviews
    // are written after the crash, and also before it if the dead worker's upsert was acknowledged in time.
    // No other review is written twice: a batch completed before the crash is never run again.
    for (const id of heldIds) expect({ id, rewritten: after.has(id) }).toEqual({ id, rewritten: true });
    const twice = [...before.keys()].filter((id) => after.has(id));
    expect(twice.filter((id) => !heldIds.has(id))).toEqual([]);
  });
});
