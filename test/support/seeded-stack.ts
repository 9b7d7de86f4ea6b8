import { startIngestWorkers } from '@review-search/ingest';
import { createLogger } from '@review-search/shared';
import { documentedOperations, type Operation } from './openapi-operations';
import { sendRaw, type RawAnswer, type RawRequest } from './raw-http';
import { startTestStack, testConfig, testEnv, type TestStack } from './stack';
import { writeSyntheticReviews } from './synthetic-reviews';

/** The API key of the seeded stack: mutating routes need it. */
export const API_KEY = 'hostile-input-key-0123456789abcdef';
/** Reviews in the seeded collection. */
export const SEEDED_REVIEWS = 24;

export interface SeededStack {
  stack: TestStack;
  /** Point ids of the stored reviews, sorted. */
  ids: string[];
  /** The concrete collection behind the live alias. */
  live: string;
  /** The ingest job that built it. */
  jobId: string;
  /** Every operation of `GET /openapi.json`. */
  operations: Operation[];
  /** Sends a request as given, adding the API key when `withKey`. */
  send(request: RawRequest, withKey?: boolean): Promise<RawAnswer>;
}

/**
 * The API over real HTTP on real Qdrant and Redis, with an API key, rate
 * limits out of the way, the tiny test model for generation, and a live
 * collection of made-up reviews ingested through the API (the ingest workers
 * run only for that, so later ingest requests just wait in the queue).
 */
export async function startSeededStack(overrides: Record<string, string> = {}): Promise<SeededStack> {
  const stack = await startTestStack(
    testConfig({
      API_KEY,
      RATE_LIMIT_SEARCH: '1000000',
      RATE_LIMIT_GENERATE: '1000000',
      RATE_LIMIT_EXPLORE: '1000000',
      GENERATION_MODEL: testEnv('TINY_GPT2'),
      ...overrides,
    }),
    { workers: false },
  );
  const send = (request: RawRequest, withKey = false) =>
    sendRaw(stack.baseUrl, withKey ? { ...request, headers: { ...request.headers, 'x-api-key': API_KEY } } : request);
  const workers = startIngestWorkers(stack.config, { store: stack.store, log: createLogger('seed', 'silent') });
  let jobId: string;
  try {
    const { file } = writeSyntheticReviews(SEEDED_REVIEWS);
    const accepted = await send(
      { method: 'POST', path: '/ingest', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: file }) },
      true,
    );
    if (accepted.status !== 202) throw new Error(`seeding ingest refused: ${accepted.status} ${accepted.text}`);
    jobId = accepted.json.jobId;
    const status = await stack.waitForIngest(jobId);
    if (status.state !== 'completed' || status.result?.upserted !== SEEDED_REVIEWS) {
      throw new Error(`seeding ingest ended ${status.state}: ${JSON.stringify(status.result ?? status.failedReason)}`);
    }
  } finally {
    await workers.close();
  }
  const live = (await stack.store.aliasTarget(stack.config.collection))!;
  const ids = (await stack.store.listIds(live)).sort();
  const document = (await send({ method: 'GET', path: '/openapi.json' })).json;
  return { stack, ids, live, jobId, operations: documentedOperations(document), send };
}
