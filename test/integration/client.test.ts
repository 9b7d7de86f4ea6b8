import fs from 'node:fs';
import path from 'node:path';
import { createReviewSearchClient, followIngest, ReviewSearchApiError, type IngestJobStatus, type ReviewSearchClient } from '@review-search/client';
import { API_TYPES_FILE, apiTypesSource } from '../../packages/client/scripts/api-types';
import { expectedReviews, expectedRows } from '../support/expected-reviews';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';

const API_KEY = 'client-test-key-0123456789';
const ROWS = 200;
const QUERY = 'strings that stay in tune';

/** The body of a 2xx answer; any other answer fails the test with its status and error. */
function answered<T>(route: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) throw new ReviewSearchApiError(route, result.response.status, result.error);
  return result.data as T;
}

/** The typed client against the service (API and worker) in this process, on the corpus's first rows. */
describe('the typed client (@review-search/client)', () => {
  let stack: TestStack;
  let client: ReviewSearchClient;
  let final: IngestJobStatus;

  beforeAll(async () => {
    stack = await startTestStack(testConfig({ API_KEY }));
    client = createReviewSearchClient({ baseUrl: stack.baseUrl, apiKey: API_KEY });
    const accepted = answered('POST /ingest', await client.POST('/ingest', { body: { activate: true, source: testEnv('CORPUS'), limit: ROWS } }));
    final = await followIngest(client, accepted.jobId, { intervalMs: 200, deadlineMs: 150_000 });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('ingest with the API key, followed to completed: read and upserted are the counts of the source', () => {
    const withText = expectedRows(testEnv('CORPUS'), ROWS).filter((row) => row !== null).length;
    // Typed by the generated types (a number, not unknown): the line does not compile otherwise.
    const percent: number = final.progress.percent;
    expect([final.state, percent, final.failedReason]).toEqual(['completed', 100, null]);
    if (!final.result) throw new Error(`ingest ${final.jobId} answered no result`);
    const { read, upserted, skipped, points } = final.result;
    expect({ read, upserted, skipped, points }).toEqual({
      read: ROWS,
      upserted: withText,
      skipped: ROWS - withText,
      points: expectedReviews(testEnv('CORPUS'), ROWS).size,
    });
  });

  it('search: typed results, each review the text stored under its id', async () => {
    const search = answered('POST /search', await client.POST('/search', { body: { query: QUERY, limit: 5 } }));
    expect(search.results).toHaveLength(5);
    const scores = search.results.map((result) => result.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const stored = await stack.store.getReviews(stack.config.collection, [search.results[0]!.id]);
    const reviewText: string = search.results[0]!.review.reviewText;
    expect(reviewText).toBe(stored[0]!.review.reviewText);
  });

  it('similar: the reviews nearest one, without it, best first', async () => {
    const search = answered('POST /search', await client.POST('/search', { body: { query: QUERY, limit: 1 } }));
    const id = search.results[0]!.id;
    const similar = answered(
      'GET /reviews/{id}/similar',
      await client.GET('/reviews/{id}/similar', { params: { path: { id }, query: { limit: 4, collapse: 'false' } } }),
    );
    expect(similar.review.id).toBe(id);
    expect(similar.results).toHaveLength(4);
    expect(similar.results.map((result) => result.id)).not.toContain(id);
    const scores = similar.results.map((result) => result.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("summarize (the default extractive model): its citations are ids of the search's reviews", async () => {
    // A summary retrieves as a dense, unfolded search of the same query and limit.
    const search = answered('POST /search', await client.POST('/search', { body: { query: QUERY, limit: 5, mode: 'dense', collapse: false } }));
    const found = search.results.map((result) => result.id);
    const summary = answered('POST /summarize', await client.POST('/summarize', { body: { query: QUERY, limit: 5 } }));
    const { citations, reviews } = summary;
    expect(reviews.map((review) => review.id)).toEqual(found);
    expect(citations.length).toBeGreaterThan(0);
    for (const id of citations) expect(found).toContain(id);
  });

  it('a protected route without the API key (or with a wrong one) answers 401, its error typed', async () => {
    for (const apiKey of [undefined, 'not-the-key-0123456789']) {
      const stranger = createReviewSearchClient({ baseUrl: stack.baseUrl, ...(apiKey ? { apiKey } : {}) });
      const { data, error, response } = await stranger.POST('/ingest', { body: { source: testEnv('CORPUS'), limit: 1 } });
      expect(response.status).toBe(401);
      expect(data).toBeUndefined();
      const message: string | undefined = error?.error;
      expect(message).toMatch(/^this route needs the API key/);
      await expect(followIngest(stranger, 'any-job')).rejects.toMatchObject({ name: 'ReviewSearchApiError', status: 401 });
    }
  });

  it('the committed types are those of the served /openapi.json', async () => {
    const document = answered('GET /openapi.json', await client.GET('/openapi.json')) as Record<string, unknown>;
    const current = await apiTypesSource(document);
    const committed = fs.readFileSync(path.resolve(__dirname, '../..', API_TYPES_FILE), 'utf8');
    if (current !== committed) {
      const lines = [current.split('\n'), committed.split('\n')] as const;
      const at = lines[0].findIndex((line, i) => line !== lines[1][i]);
      throw new Error(
        `${API_TYPES_FILE} is not generated from the API's current OpenAPI document: run \`pnpm client:generate\` and commit it ` +
          `(first difference, line ${at + 1}: generated ${JSON.stringify(lines[0][at])}, committed ${JSON.stringify(lines[1][at])})`,
      );
    }
  });
});
