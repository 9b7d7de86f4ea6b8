import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerClientErrors, createApp, queueDashboard } from '@review-search/api';
import { startIngestWorkers } from '@review-search/ingest';
import {
  BullmqIngestQueue,
  createLogger,
  loadConfig,
  qdrantStore,
  QdrantStore,
  type Config,
  type IngestStatus,
} from '@review-search/shared';
import { forgetApiOrigin, registerApiOrigin } from './api-origins';

export function testEnv(name: 'QDRANT_URL' | 'PREFIX' | 'TINY_BERT' | 'TINY_GPT2' | 'CORPUS' | 'DATA'): string {
  const value = process.env[`REVIEW_SEARCH_TEST_${name}`];
  if (!value) throw new Error(`REVIEW_SEARCH_TEST_${name} is unset: run the tests through jest (global setup)`);
  return value;
}

/** A configuration of the test run's own: its Qdrant, its Redis prefix, a fresh collection. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const unique = crypto.randomBytes(4).toString('hex');
  return loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QDRANT_URL: testEnv('QDRANT_URL'),
    QUEUE_PREFIX: `${testEnv('PREFIX')}-${unique}`,
    COLLECTION: `test-${unique}`,
    DATA_DIR: testEnv('DATA'),
    MODEL_CACHE_DIR: path.resolve(__dirname, '../../.cache/models'),
    EMBEDDING_MODEL: 'use-lite',
    AUTO_INGEST: 'false',
    INGEST_BATCH_SIZE: '32',
    INGEST_CONCURRENCY: '2',
    LOG_LEVEL: 'silent',
    // The tests serve their sources from loopback, and write their files in the temporary folder.
    ALLOW_PRIVATE_SOURCES: 'true',
    SOURCES_DIR: [os.tmpdir(), path.dirname(testEnv('CORPUS')), testEnv('DATA')].join(path.delimiter),
    EMBEDDING_MODELS: ['use-lite', testEnv('TINY_BERT')].join(','),
    ...overrides,
  });
}

export interface TestStack {
  config: Config;
  baseUrl: string;
  store: QdrantStore;
  queue: BullmqIngestQueue;
  post(route: string, body: unknown): Promise<{ status: number; body: any }>;
  get(route: string): Promise<{ status: number; body: any }>;
  /** Follows an ingest until it completes or fails; throws, naming the job and its last state, past `deadlineMs`. */
  waitForIngest(jobId: string, deadlineMs?: number): Promise<IngestStatus>;
  close(): Promise<void>;
}

/**
 * The API (real HTTP on a free port) and an ingest worker, in this process, on
 * real Qdrant and Redis. Its answers are checked against its OpenAPI document.
 */
export async function startTestStack(
  config = testConfig(),
  options: { workers?: boolean; /** How the worker resolves source hosts. */ lookup?: LookupFunction } = {},
): Promise<TestStack> {
  const log = createLogger('test', 'silent');
  const store = qdrantStore(config);
  const queue = new BullmqIngestQueue(config.redisUrl, config.queuePrefix);
  const workers = options.workers === false ? undefined : startIngestWorkers(config, { store, log, lookup: options.lookup });
  const dashboard = queueDashboard(config.redisUrl, config.queuePrefix);
  const app = createApp({ config, store, queue, log, queueDashboard: dashboard.router });
  const server: Server = app.listen(0, '127.0.0.1');
  answerClientErrors(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  registerApiOrigin(baseUrl);
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    config,
    baseUrl,
    store,
    queue,
    post: (route, body) => call('POST', route, body),
    get: (route) => call('GET', route),
    async waitForIngest(jobId, deadlineMs = 150_000) {
      const deadline = Date.now() + deadlineMs;
      for (;;) {
        const status = await queue.status(jobId);
        if (status && (status.state === 'completed' || status.state === 'failed')) return status;
        if (Date.now() > deadline) {
          throw new Error(`ingest ${jobId} neither completed nor failed within ${deadlineMs} ms (last state: ${status?.state ?? 'no such job'})`);
        }
        await sleep(100);
      }
    },
    async close() {
      forgetApiOrigin(baseUrl);
      await new Promise((resolve) => server.close(resolve));
      await app.close();
      await workers?.close();
      await queue.close();
      await dashboard.close();
    },
  };
}
