import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { startTestStack, testEnv, type TestStack } from '../support/stack';

/** The first rows of the real corpus, through the whole pipeline, with the real use-lite model. */
describe('the real corpus (first 300 rows)', () => {
  const ROWS = 300;
  let stack: TestStack;
  let jobId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: ROWS });
    expect(accepted.status).toBe(202);
    jobId = accepted.body.jobId;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('stores one point per row with a text, counted independently of the pipeline', async () => {
    const file = testEnv('CORPUS');
    const raw = fs.readFileSync(file);
    const text = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
    const records: Record<string, string>[] = parse(text, { columns: true, to: ROWS });
    const withText = records.filter((r) => r.reviewText!.trim() !== '').length;

    const status = await stack.waitForIngest(jobId);
    expect(status.state).toBe('completed');
    expect(status.result).toMatchObject({ read: ROWS, upserted: withText, skipped: ROWS - withText, points: withText });
    expect(status.progress.percent).toBe(100);
  });

  it.each([
    [
      'I split one XLR shotgun microphone into two channels on my Tascam recorder; it saves me a step when editing. Decent quality, fair price.',
      'A28P7V9KI7MXP',
    ],
    [
      'So good I bought a second one: heavy cord, gold plugs, and my bass sounds great. Only last night did I learn how to coil it properly.',
      'A2A039TZMZHH9Y',
    ],
    ['The capos are excellent, they last and the maker stands behind them; I own three.', 'A1MH0P8PE6AT4P'],
  ])('a paraphrase finds its review in the top 5: %s', async (query, reviewerID) => {
    await stack.waitForIngest(jobId);
    // Dense: a paraphrase shares meaning with its review, few words.
    const search = await stack.post('/search', { query, limit: 5, mode: 'dense' });
    expect(search.status).toBe(200);
    expect(search.body.results).toHaveLength(5);
    expect(search.body.results.map((r: { review: { reviewerID: string } }) => r.review.reviewerID)).toContain(reviewerID);
    const scores = search.body.results.map((r: { score: number }) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(typeof search.body.took_ms).toBe('number');
  });
});
