import zlib from 'node:zlib';
import { waitUntil } from '../support/wait-until';
import { type IngestStatus, type Review } from '@review-search/shared';
import { FIXTURE_CSV, writeTempFile } from '../support/fixtures';
import { CSV_HEADER, csvText, reviewLine, reviewLines, type ReviewLine } from '../support/review-lines';
import { startSourceServer, type SourceServer } from '../support/source-server';
import { startTestStack, testConfig, type TestStack } from '../support/stack';
import { expectedPointId } from '../support/review-point-ids';

/**
 * Bad CSV sources. Each one either completes, skipping the bad rows with
 * their row numbers, or fails with a reason that names the problem; either
 * way a collection that held reviews before keeps them exactly, and the live
 * collection (behind the alias) never moves to a failed build.
 */
describe('bad CSV sources', () => {
  const IDLE_MS = 1000;
  let stack: TestStack;
  let server: SourceServer;
  let alias: string;
  let live: string;
  let liveReviews: Map<string, Review>;
  let kept = 0;

  beforeAll(async () => {
    stack = await startTestStack(testConfig({ SOURCE_IDLE_TIMEOUT_MS: String(IDLE_MS) }));
    server = await startSourceServer();
    alias = stack.config.collection;
    const built = await ingest({ source: writeTempFile('reviews.csv', FIXTURE_CSV) });
    expect(built.result).toMatchObject({ upserted: 4, activated: alias });
    live = (await stack.store.aliasTarget(alias))!;
    liveReviews = await reviewsIn(alias);
    expect(liveReviews.size).toBe(4);
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  async function ingest(body: Record<string, unknown>): Promise<IngestStatus> {
    const accepted = await stack.post('/ingest', body);
    expect(accepted.status).toBe(202);
    await stack.waitForIngest(accepted.body.jobId);
    await batchesSettled();
    return (await stack.queue.status(accepted.body.jobId))!;
  }

  /** Batches a failed ingest enqueued before its source broke are still stored: wait for them. */
  async function batchesSettled(): Promise<void> {
    await waitUntil(
      'the ingest-batches queue to have no waiting, active or delayed batch',
      async () => {
        const batches = (await stack.queue.depths())['ingest-batches']!;
        return batches.waiting + batches.active + batches.delayed === 0;
      },
      120_000,
    );
  }

  async function reviewsIn(collection: string): Promise<Map<string, Review>> {
    const byId = new Map<string, Review>();
    for await (const stored of stack.store.scrollReviews(collection, 'use-lite')) byId.set(stored.id, stored.review);
    return byId;
  }

  /** A collection of its own holding the fixture's 4 reviews, and what it holds. */
  async function keptCollection(): Promise<{ name: string; before: Map<string, Review> }> {
    const name = `${alias}-kept-${++kept}`;
    const status = await ingest({ source: writeTempFile('reviews.csv', FIXTURE_CSV), collection: name });
    expect(status.result).toMatchObject({ upserted: 4, points: 4 });
    return { name, before: await reviewsIn(name) };
  }

  function withReviews(before: Map<string, Review>, added: readonly ReviewLine[]): Map<string, Review> {
    return new Map([...before, ...added.map(({ review }) => [expectedPointId({ ...review, reviewerID: String(review.reviewerID) }), review] as const)]);
  }

  /** Ingests into a kept collection: it must hold what it held plus exactly `stored`. */
  async function ingestIntoKept(source: string, stored: readonly ReviewLine[]): Promise<IngestStatus> {
    const { name, before } = await keptCollection();
    const status = await ingest({ source, collection: name });
    expect(await reviewsIn(name)).toEqual(withReviews(before, stored));
    return status;
  }

  /** Builds a new collection from the source: a failure leaves the alias on the live collection, which is unchanged. */
  async function buildFails(source: string, reason: RegExp): Promise<IngestStatus> {
    const status = await ingest({ source });
    expect({ state: status.state, reason: status.failedReason }).toEqual({ state: 'failed', reason: expect.stringMatching(reason) });
    expect(await stack.store.aliasTarget(alias)).toBe(live);
    expect(await reviewsIn(alias)).toEqual(liveReviews);
    return status;
  }

  /** Both ways in fail with `reason`; the kept collection gains exactly `stored` (the rows before the break). */
  async function refused(source: string, reason: RegExp, stored: readonly ReviewLine[] = []): Promise<IngestStatus> {
    const status = await ingestIntoKept(source, stored);
    expect({ state: status.state, reason: status.failedReason }).toEqual({ state: 'failed', reason: expect.stringMatching(reason) });
    expect(status.progress).toMatchObject({ upserted: stored.length });
    await buildFails(source, reason);
    return status;
  }

  function completed(status: IngestStatus, counts: { read: number; skipped: number; stored: number; kept: number }) {
    expect({ state: status.state, reason: status.failedReason }).toEqual({ state: 'completed', reason: null });
    expect(status.result).toMatchObject({ read: counts.read, skipped: counts.skipped, upserted: counts.stored, points: counts.kept + counts.stored });
  }

  it('an empty file fails: it has no header row', async () => {
    const status = await refused(writeTempFile('empty.csv', ''), /^the source is empty: it has no header row$/);
    expect(status.progress).toMatchObject({ read: 0, skipped: 0, upserted: 0 });
  });

  it('a header with no rows fails, and so do rows that are all skipped: no alias moves to an empty build', async () => {
    await refused(writeTempFile('header.csv', `${CSV_HEADER}\r\n`), /^the CSV has a header but no rows: there are no reviews to ingest$/);
    const blank = [reviewLine('blank-1', ''), reviewLine('blank-2', '   ')];
    const status = await refused(
      writeTempFile('blank.csv', csvText(blank.map((r) => r.line))),
      /^no review to store: all 2 rows were skipped \(row 1: empty reviewText; row 2: empty reviewText\)$/,
    );
    expect(status.progress).toMatchObject({ read: 2, skipped: 2, upserted: 0 });
    expect(status.skippedReasons).toEqual([
      { row: 1, reason: 'empty reviewText' },
      { row: 2, reason: 'empty reviewText' },
    ]);
  });

  it('a CSV without a reviewText column fails, naming its header', async () => {
    const rows = reviewLines('nocol', 2).map((r) => r.line);
    const file = writeTempFile('nocol.csv', csvText(rows).replace('reviewText', 'reviewBody'));
    await refused(
      file,
      /^the source has no 'reviewText' column for the review text; its columns are: reviewerID, asin, reviewerName, helpful, reviewBody, overall, summary, unixReviewTime, reviewTime \(name it with mapping\.text in POST \/ingest, or --text in pnpm ingest\)$/,
    );
  });

  it('an unbalanced quote: a stray one is kept as text, one its line never closes skips that row, one open to the end fails naming line and row', async () => {
    const [r1, , , r4] = reviewLines('quote', 4);
    const stray = reviewLine('quote-2', 'unused', 'This 12" cable sounds "great" on stage');
    const strayLine = stray.line.replace('"unused"', 'This 12" cable sounds "great" on stage');
    const unclosed = reviewLine('quote-3', 'x').line.replace('"x"', '"Never closed, so the quote runs on');
    const recovered = await ingestIntoKept(writeTempFile('quote.csv', csvText([r1!.line, strayLine, unclosed, r4!.line])), [r1!, stray, r4!]);
    completed(recovered, { read: 4, skipped: 1, stored: 3, kept: 4 });
    expect(recovered.skippedReasons).toEqual([{ row: 3, reason: '6 fields where the header has 9 (line 4)' }]);

    // The last field of the last row opens a quote that nothing closes: where the rows end cannot be known.
    const [e1, e2, e3, e4] = reviewLines('quote-end', 4);
    const openToEnd = e4!.line.slice(0, -1);
    const status = await refused(
      writeTempFile('quote-end.csv', csvText([e1!.line, e2!.line, e3!.line, openToEnd])),
      /^the CSV cannot be parsed from line 5 \(row 4\): a quoted field is not closed properly \(CSV_QUOTE_NOT_CLOSED\); 3 rows before it were read$/,
      [e1!, e2!, e3!],
    );
    expect(status.progress).toMatchObject({ read: 3, skipped: 0, upserted: 3 });
  });

  it('rows with too few or too many fields are skipped, each named by row and line; trailing empty fields are fine', async () => {
    const [r1, r2, r3, r4, r5] = reviewLines('fields', 5);
    const tooFew = r2!.line.slice(0, r2!.line.lastIndexOf(',"02 28, 2014"'));
    const file = writeTempFile('fields.csv', csvText([r1!.line, tooFew, r3!.line, `${r4!.line},surplus`, `${r5!.line},`]));
    const status = await ingestIntoKept(file, [r1!, r3!, r5!]);
    completed(status, { read: 5, skipped: 2, stored: 3, kept: 4 });
    expect(status.skippedReasons).toEqual([
      { row: 2, reason: '8 fields where the header has 9 (line 3)' },
      { row: 4, reason: '10 fields where the header has 9 (line 5)' },
    ]);
  });

  it('a 5 MB field is skipped with its size (no review is that long), and the rows around it are stored', async () => {
    const [before, after] = reviewLines('huge', 2);
    const huge = reviewLine('huge-big', 'loud '.repeat(1024 * 1024));
    const status = await ingestIntoKept(writeTempFile('huge.csv', csvText([before!.line, huge.line, after!.line])), [before!, after!]);
    completed(status, { read: 3, skipped: 1, stored: 2, kept: 4 });
    expect(status.skippedReasons).toEqual([
      { row: 2, reason: "the 'reviewText' field has 5,242,880 characters, over the 20,000 a field may have (line 3)" },
    ]);
  });

  it('NUL characters are dropped and invalid UTF-8 reads as U+FFFD; a text of NULs only is an empty text', async () => {
    const nul = reviewLine('bytes-1', 'Warm\u0000 tone\u0000 all night', 'Warm tone all night');
    const invalid = reviewLine('bytes-2', 'Bright @@ attack', 'Bright \uFFFD\uFFFD attack');
    const latin1 = reviewLine('bytes-3', 'Caf@ sound', 'Caf\uFFFD sound');
    const onlyNul = reviewLine('bytes-4', '\u0000\u0000');
    const text = csvText([nul.line, invalid.line, latin1.line, onlyNul.line]);
    const [head, afterInvalid] = text.split('@@') as [string, string];
    const [middle, tail] = afterInvalid.split('@') as [string, string];
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(middle), Buffer.from([0xe9]), Buffer.from(tail)]);
    const status = await ingestIntoKept(writeTempFile('bytes.csv', bytes), [nul, invalid, latin1]);
    completed(status, { read: 4, skipped: 1, stored: 3, kept: 4 });
    expect(status.skippedReasons).toEqual([{ row: 4, reason: 'empty reviewText' }]);
  });

  it('a truncated gzip fails: "the gzip stream ends early (truncated) after N rows", with those N rows stored and never half a row', async () => {
    const rows = reviewLines('gzip', 41);
    const text = csvText(rows.map((r) => r.line));
    const cut = text.slice(0, text.indexOf(rows[40]!.line) + 30);
    // Compressed with a sync flush and no end: a gzip stream that stops where a download would.
    const truncated = zlib.gzipSync(cut, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const file = writeTempFile('truncated.csv.bin', truncated);
    const status = await refused(file, /^the gzip stream ends early \(truncated\) after 40 rows$/, rows.slice(0, 40));
    expect(status.progress).toMatchObject({ read: 40, upserted: 40 });
  });

  it('an HTML page served as the CSV fails saying so, whether or not its Content-Type says HTML', async () => {
    const page = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in to download</body></html>\n';
    server.route('/page.csv', (res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    server.route('/page-as-csv.csv', (res) => res.writeHead(200, { 'content-type': 'text/csv' }).end(page));
    await refused(server.url('/page.csv'), /^http:\/\/127\.0\.0\.1:\d+\/page\.csv serves an HTML page \(text\/html; charset=utf-8\), not a CSV file$/);
    await refused(server.url('/page-as-csv.csv'), /^the source is an HTML page, not a CSV file \(it begins with <!DOCTYPE html>\)$/);
  });

  it('a 404 URL fails at once (not retried), naming the status', async () => {
    const status = await refused(server.url('/missing.csv'), /^GET http:\/\/127\.0\.0\.1:\d+\/missing\.csv answered 404 Not Found$/);
    expect(status.progress).toMatchObject({ read: 0, upserted: 0 });
    expect(server.requests('/missing.csv')).toBe(2);
  });

  it('a source that stalls mid-stream fails after the idle timeout, tried 3 times, with the rows before the stall stored', async () => {
    const rows = reviewLines('stall', 4);
    const part = csvText(rows.map((r) => r.line)).slice(0, -20);
    for (const path of ['/stall-kept.csv', '/stall-build.csv']) {
      server.route(path, (res) => {
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.write(part); // and nothing more: the response never ends
      });
    }
    const reason = (path: string) =>
      new RegExp(`^the source stalled: http://127\\.0\\.0\\.1:\\d+${path.replace('.', '\\.')} sent nothing for ${IDLE_MS} ms \\(SOURCE_IDLE_TIMEOUT_MS\\) after 3 rows \\(tried 3 times\\)$`);
    const [kept] = await Promise.all([
      ingestIntoKept(server.url('/stall-kept.csv'), rows.slice(0, 3)),
      buildFails(server.url('/stall-build.csv'), reason('/stall-build.csv')),
    ]);
    expect({ state: kept.state, reason: kept.failedReason }).toEqual({ state: 'failed', reason: expect.stringMatching(reason('/stall-kept.csv')) });
    expect(kept.progress).toMatchObject({ read: 3, upserted: 3 });
    expect([server.requests('/stall-kept.csv'), server.requests('/stall-build.csv')]).toEqual([3, 3]);
  });

  it('a source that answers 503, then drops the connection mid-stream, is tried again and completes', async () => {
    const rows = reviewLines('flaky', 5);
    const text = csvText(rows.map((r) => r.line));
    server.route('/flaky.csv', (res, attempt) => {
      if (attempt === 1) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      res.writeHead(200, { 'content-type': 'text/csv' });
      if (attempt === 2) return void res.write(text.slice(0, text.length / 2), () => res.destroy());
      res.end(text);
    });
    const status = await ingestIntoKept(server.url('/flaky.csv'), rows);
    completed(status, { read: 5, skipped: 0, stored: 5, kept: 4 });
    expect(server.requests('/flaky.csv')).toBe(3);
  });
});
