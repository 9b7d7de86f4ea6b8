import { batchJobData } from '../support/batch-jobs';
import { FIXTURE_CSV, writeTempFile } from '../support/fixtures';
import { fakeEmbedding, startProviderServer, type ProviderServer } from '../support/provider-server';
import { startTestStack, testConfig, type TestStack } from '../support/stack';
import { waitUntil } from '../support/wait-until';

const OPENAI_KEY = 'sk-embed-secret-0123456789';

/** Remote embedders (openai:, hf:) against a local server answering in each provider's documented format. */
describe('remote embedding models', () => {
  let provider: ProviderServer;
  let stack: TestStack;
  const fixture = writeTempFile('reviews.csv', FIXTURE_CSV);

  beforeAll(async () => {
    provider = await startProviderServer();
    stack = await startTestStack(
      testConfig({
        EMBEDDING_MODELS: 'use-lite,openai:test-embed,hf:org/test-embed,openai:flaky-embed,openai:short-embed',
        OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${provider.url}/v1`, HF_TOKEN: 'hf_embedsecret', HF_ENDPOINT_URL: provider.url }),
    );
  });
  afterAll(async () => {
    await stack.close();
    await provider.close();
  });

  async function ingest(model: string) {
    const accepted = await stack.post('/ingest', { source: fixture, model });
    expect(accepted.status).toBe(202);
    return { accepted: accepted.body, status: await stack.waitForIngest(accepted.body.jobId) };
  }

  it.each(['openai:test-embed', 'hf:org/test-embed'])('%s: ingests, stores its vectors, and embeds queries the same way', async (model) => {
    const { accepted, status } = await ingest(model);
    expect(status.state).toBe('completed');
    expect(status.result).toMatchObject({ upserted: 4, points: 4, embedded: 4 });
    expect(await stack.store.describeCollection(accepted.collection)).toMatchObject({ model, dimension: 16 });
    const [stored] = await stack.store.getReviews(accepted.collection, (await stack.store.listIds(accepted.collection)).slice(0, 1), {
      withVector: model,
    });
    const expected = fakeEmbedding(stored!.review.reviewText);
    const norm = Math.hypot(...expected);
    stored!.vector!.forEach((value, i) => expect(value).toBeCloseTo(expected[i]! / norm, 5));
    // The build is live: a search embeds the query with the same remote model.
    const search = await stack.post('/search', { query: stored!.review.reviewText, limit: 1 });
    expect(search.body.results[0].id).toBe(stored!.id);
  });

  it('sends the key, batches the texts, and retries after a 429', async () => {
    const { status } = await ingest('openai:flaky-embed');
    expect(status.state).toBe('completed');
    const calls = provider.requests.filter((r) => r.body.model === 'flaky-embed');
    expect(calls.length).toBeGreaterThanOrEqual(3); // 429, the dimension probe, the batch
    expect(calls.every((r) => r.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);
    expect(calls.some((r) => Array.isArray(r.body.input) && r.body.input.length === 4)).toBe(true);
  });

  it('refuses vectors of the wrong length before they are stored, and says so', async () => {
    const { accepted, status } = await ingest('openai:short-embed');
    expect(status.state).toBe('failed');
    expect(status.failedReason).toMatch(/returned a vector of length 15 \(text 1\), expected 16/);
    expect((await stack.store.describeCollection(accepted.collection))?.points ?? 0).toBe(0);
    // The failed batch is kept for its reason, without the review texts it was given.
    const failedBatch = async () => JSON.parse((await batchJobData(stack.config, accepted.jobId, 1))[0] ?? 'null');
    await waitUntil(`the failed batch of ${accepted.jobId} to drop its texts`, async () => (await failedBatch())?.rows.length === 0);
    expect((await failedBatch()).droppedRows).toHaveLength(4);
  });
});
