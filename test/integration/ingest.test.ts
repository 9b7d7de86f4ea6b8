import http from 'node:http';
import fs from 'node:fs';
import { bm25Options } from '@review-search/shared';
import { batchJobData, holdBatches } from '../support/batch-jobs';
import { storedReviews } from '../support/expected-reviews';
import { FIXTURE_CSV, FIXTURE_EXPECTED, writeTempFile } from '../support/fixtures';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { writeVariedLengthReviews } from '../support/varied-length-reviews';
import { expectedPointId } from '../support/review-point-ids';

describe('ingest a CSV through BullMQ into Qdrant', () => {
  let stack: TestStack;
  const fixture = writeTempFile('reviews.csv', FIXTURE_CSV);

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function ingest(body: Record<string, unknown>) {
    const accepted = await stack.post('/ingest', body);
    expect(accepted.status).toBe(202);
    expect(typeof accepted.body.jobId).toBe('string');
    return stack.waitForIngest(accepted.body.jobId);
  }

  it('stores every review with text, skips the empty one by row number, keeps fields intact', async () => {
    const status = await ingest({ source: fixture });
    expect(status.state).toBe('completed');
    expect(status.result).toMatchObject({
      read: FIXTURE_EXPECTED.read,
      skipped: FIXTURE_EXPECTED.skipped,
      embedded: FIXTURE_EXPECTED.stored,
      upserted: FIXTURE_EXPECTED.stored,
      points: FIXTURE_EXPECTED.stored,
      model: 'use-lite',
    });
    expect(status.skippedReasons).toEqual([{ row: FIXTURE_EXPECTED.skippedRow, reason: 'empty reviewText' }]);
    expect(status.progress).toMatchObject({ read: 5, upserted: 4, skipped: 1, percent: 100 });

    const info = await stack.store.describeCollection(stack.config.collection);
    expect(info).toMatchObject({ dimension: 512, points: 4, model: 'use-lite' });
    // The build records its BM25 options: avg_len is its reviews' mean length in BM25 terms
    // (5 + 7 + 7 + 4 words that are not stopwords, over 4 reviews), and the rest as new builds have them.
    expect(info!.bm25).toEqual(bm25Options(23 / 4));

    const search = await stack.post('/search', { query: 'guitar sound in Spanish', limit: 10 });
    expect(search.status).toBe(200);
    const byReviewer = new Map(search.body.results.map((r: any) => [r.review.reviewerID, r.review]));
    expect(search.body.results).toHaveLength(4);
    expect(byReviewer.get('A1')).toMatchObject({
      reviewerName: 'Ann, the player',
      helpful: [1, 2],
      reviewText: 'Great strings, they stay in tune for weeks.',
      overall: 5,
      summary: 'Stay in tune',
      unixReviewTime: 1393545600,
      textLength: 43,
    });
    expect(byReviewer.get('A2')).toMatchObject({
      reviewText: 'First line of the review.\r\nSecond line with a "quoted" word.',
    });
    expect(byReviewer.get('A4')).toMatchObject({ reviewerName: 'Dée', reviewText: 'Excelente sonido de guitarra — très bien, 日本語 ✓' });
    const anonymous = search.body.results.find((r: any) => r.review.reviewerID === '');
    expect(anonymous.id).toBe(
      expectedPointId({ reviewerID: '', asin: 'B004', reviewText: 'The cable hums and crackles; returned it.', summary: 'Noisy cable' }),
    );
  });

  it('ingesting the same source again embeds nothing (embedding cache) and leaves the point count unchanged', async () => {
    const status = await ingest({ source: fixture });
    expect(status.result).toMatchObject({ embedded: 0, cached: 4, upserted: 4, points: 4 });
    expect((await stack.store.describeCollection(stack.config.collection))!.points).toBe(4);
  });

  it('reads a gzipped file, and a gzipped CSV over HTTP, whatever its name says', async () => {
    const gz = writeTempFile('reviews.csv.gz', FIXTURE_CSV);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      fs.createReadStream(gz).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      for (const source of [gz, `http://127.0.0.1:${port}/download/reviews`]) {
        const status = await ingest({ source });
        expect(status.result).toMatchObject({ read: 5, skipped: 1, upserted: 4, points: 4 });
      }
    } finally {
      server.close();
    }
  });

  it('honours limit: only the first N rows are read', async () => {
    const status = await ingest({ source: fixture, limit: 2 });
    expect(status.result).toMatchObject({ read: 2, skipped: 0, upserted: 2, points: 2 });
  });

  it('fails with a clear reason when the CSV has no reviewText column', async () => {
    const file = writeTempFile('wrong.csv', 'id,text\n1,hello\n');
    const status = await ingest({ source: file });
    expect(status.state).toBe('failed');
    expect(status.failedReason).toMatch(/no 'reviewText' column for the review text; its columns are: id, text \(name it with mapping\.text/);
  });

  it('refuses a missing file at once (400 naming SOURCES_DIR), and fails a 404 URL with a clear reason', async () => {
    const missing = await stack.post('/ingest', { source: '/nonexistent/reviews.csv' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^a file source must name an existing file inside SOURCES_DIR/);
    const server = http.createServer((_req, res) => res.writeHead(404).end('gone'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const notFound = await ingest({ source: `http://127.0.0.1:${port}/reviews.csv` });
      expect(notFound.failedReason).toMatch(/answered 404/);
    } finally {
      server.close();
    }
  });

  it('refuses a model whose dimension does not match the collection, naming both numbers', async () => {
    const tiny = testEnv('TINY_BERT');
    const config = testConfig({ EMBEDDING_MODEL: tiny });
    const tinyStack = await startTestStack(config);
    try {
      const first = await tinyStack.post('/ingest', { source: fixture });
      const built = await tinyStack.waitForIngest(first.body.jobId);
      expect(built).toMatchObject({ failedReason: null, result: { upserted: 4, points: 4 } });
      expect(await tinyStack.store.describeCollection(config.collection)).toMatchObject({ dimension: 32, model: tiny });

      // Writing use-lite vectors into that collection (named explicitly) is refused.
      const second = await tinyStack.post('/ingest', { source: fixture, model: 'use-lite', collection: first.body.collection });
      const refused = await tinyStack.waitForIngest(second.body.jobId);
      expect(refused.state).toBe('failed');
      expect(refused.failedReason).toMatch(/dimension 32.*'use-lite' produces dimension 512/);
      expect((await tinyStack.store.describeCollection(first.body.collection))!.points).toBe(4);

      // Queries are embedded with the collection's own model (the tiny one here).
      const search = await tinyStack.post('/search', { query: 'strings in tune', limit: 4 });
      expect(search.status).toBe(200);
      expect(search.body.results).toHaveLength(4);
    } finally {
      await tinyStack.close();
    }
  });
});

describe('ingest batches reviews of similar length together, within a window of rows', () => {
  const WINDOW = 128;
  const BATCH = 16;
  const config = testConfig({ INGEST_BATCH_SIZE: String(BATCH), INGEST_LENGTH_WINDOW: String(WINDOW) });
  const source = writeVariedLengthReviews(420);
  const reviews = source.rows.filter((r) => r.skip === undefined);
  const skipped = source.rows.filter((r) => r.skip !== undefined).map((r) => ({ row: r.row, reason: r.skip }));
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack(config);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('stores exactly the source\'s reviews with exact counts and skip reasons, each window\'s batches ordered by text length', async () => {
    const batches = Math.floor(reviews.length / WINDOW) * (WINDOW / BATCH) + Math.ceil((reviews.length % WINDOW) / BATCH);
    const held = await holdBatches(config);
    let jobs;
    let accepted;
    try {
      accepted = await stack.post('/ingest', { source: source.file });
      expect(accepted.status).toBe(202);
      // The batch jobs as the source job handed them out, before any runs.
      jobs = await held.handedOut(accepted.body.jobId, batches);
    } finally {
      await held.release();
    }
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect({ state: status.state, reason: status.failedReason }).toEqual({ state: 'completed', reason: null });
    expect(status.result).toMatchObject({
      read: 420,
      skipped: skipped.length,
      embedded: reviews.length,
      upserted: reviews.length,
      points: reviews.length,
      batches,
    });
    expect(status.skippedReasons).toEqual(skipped);
    expect(status.progress).toMatchObject({ read: 420, upserted: reviews.length, skipped: skipped.length, percent: 100 });

    const stored = await storedReviews(stack.store, config.collection, 'use-lite');
    expect(stored.points).toBe(reviews.length);
    expect(stored.byId).toEqual(new Map(reviews.map((r) => [r.id, r.text])));

    // Done, the batch jobs are gone from Redis with the texts they held; their counts live on in the result.
    expect((await batchJobData(config, accepted.body.jobId, batches)).filter((data) => data !== null)).toEqual([]);

    // Each window of 128 reviews (in file order) was the rows of 8 batches, ordered by text length, ties by row number.
    expect(jobs.map((job) => job.batch)).toEqual(jobs.map((_, n) => n));
    const sent = jobs.map((job) => job.rows.map((r) => r.row));
    const textOf = new Map(reviews.map((r) => [r.row, r.text]));
    for (let start = 0, first = 0; start < reviews.length; start += WINDOW, first += WINDOW / BATCH) {
      const window = reviews.slice(start, start + WINDOW);
      const ordered = [...window].sort((a, b) => a.text.length - b.text.length || a.row - b.row).map((r) => r.row);
      const expected = Array.from({ length: Math.ceil(window.length / BATCH) }, (_, i) => ordered.slice(i * BATCH, (i + 1) * BATCH));
      expect(sent.slice(first, first + expected.length)).toEqual(expected);
    }
    for (const job of jobs) for (const row of job.rows) expect(row.review.reviewText).toBe(textOf.get(row.row));
    // The point of it: the batches' longest reviews are far shorter than in file order.
    const padded = (batchesOfRows: number[][]) => batchesOfRows.reduce((sum, rows) => sum + rows.length * Math.max(...rows.map((r) => textOf.get(r)!.length)), 0);
    const fileOrder = Array.from({ length: Math.ceil(reviews.length / BATCH) }, (_, i) => reviews.slice(i * BATCH, (i + 1) * BATCH).map((r) => r.row));
    expect(padded(sent)).toBeLessThan(padded(fileOrder) / 2);
  });
});
