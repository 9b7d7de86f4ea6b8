import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { corpusPath } from '../support/corpus';
import { writeTempFile } from '../support/fixtures';
import { writeParquetFile } from '../support/parquet-file';
import { expectedPointId } from '../support/review-point-ids';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

/** The reviews of these tests: the corpus's first 300 rows, read here with csv-parse alone. */
const ROWS = 300;
/** Where each file holds one more row, without text. */
const TEXTLESS_ROW = 151;
type CorpusRow = Record<'reviewerID' | 'asin' | 'reviewerName' | 'helpful' | 'reviewText' | 'overall' | 'summary' | 'unixReviewTime' | 'reviewTime', string>;

async function corpusRows(): Promise<CorpusRow[]> {
  const raw = fs.readFileSync(await corpusPath());
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  return parse(text, { columns: true, to: ROWS });
}

/** The corpus's columns under other names (the roles'), `;` between fields. */
const RENAMED = { reviewText: 'body', summary: 'headline', overall: 'stars', asin: 'product', unixReviewTime: 'posted' } as const;
const RENAMED_MAPPING = { text: 'body', title: 'headline', rating: 'stars', group: 'product', date: 'posted', id: ['reviewerID', 'product'] };

/** JSON Lines with typed values and its own key names; its dates as ISO 8601 text. */
const JSONL_MAPPING = { text: ['content'], title: 'title', rating: 'score', group: 'item', date: 'written', id: ['reviewerID', 'item'] };

function jsonLine(row: CorpusRow): string {
  return JSON.stringify({
    reviewerID: row.reviewerID,
    item: row.asin,
    reviewerName: row.reviewerName,
    helpful: JSON.parse(row.helpful),
    content: row.reviewText,
    score: Number(row.overall),
    title: row.summary,
    written: new Date(Number(row.unixReviewTime) * 1000).toISOString(),
    reviewTime: row.reviewTime,
  });
}

/**
 * A result list as scores by rank, and the ids in order, equal scores by id (Qdrant orders ties by where
 * points happen to lie, which differs between builds); a tie at the last rank may cut either way, so its ids are left out.
 */
function ranked(results: { id: string; score: number }[]) {
  const scores = results.map((r) => Number(r.score.toFixed(5)));
  const last = scores.at(-1);
  const ids = results
    .map((r, i) => ({ id: r.id, score: scores[i]! }))
    .filter((r) => r.score !== last)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .map((r) => r.id);
  return { scores, ids };
}

describe('your own data: other column names, any delimiter, JSON Lines and Parquet make the same build', () => {
  let stack: TestStack;
  let rows: CorpusRow[];
  const builds: Record<'csv' | 'renamed' | 'jsonl' | 'parquet', { collection: string; status: any }> = {} as never;

  async function build(name: string, file: string, extra: Record<string, unknown> = {}) {
    const collection = `${stack.config.collection}-own-${name}`;
    const accepted = await stack.post('/ingest', { source: file, collection, ...extra });
    expect(accepted.status).toBe(202);
    const status = await stack.waitForIngest(accepted.body.jobId);
    return { collection, status };
  }

  beforeAll(async () => {
    stack = await startTestStack(testConfig({ INGEST_BATCH_SIZE: '32' }));
    rows = await corpusRows();
    // Every file also holds a row without text in the middle (row 151): no review, skipped in each format alike.
    const sourceRows = [...rows.slice(0, TEXTLESS_ROW - 1), { ...rows[0]!, reviewerID: 'NO-TEXT', reviewText: '  ' }, ...rows.slice(TEXTLESS_ROW - 1)];
    const header = Object.keys(rows[0]!) as (keyof CorpusRow)[];
    const original = stringify(sourceRows, { header: true, columns: header });
    const renamed = stringify(sourceRows, { header: true, delimiter: ';', columns: header.map((key) => ({ key, header: RENAMED[key as keyof typeof RENAMED] ?? key })) });
    const parquet = writeTempFile('reviews.parquet', '');
    await writeParquetFile(parquet, [
      { name: 'reviewerID', type: 'STRING', values: sourceRows.map((r) => r.reviewerID) },
      { name: 'asin', type: 'STRING', values: sourceRows.map((r) => r.asin) },
      { name: 'reviewerName', type: 'STRING', values: sourceRows.map((r) => r.reviewerName) },
      { name: 'helpful', type: 'JSON', values: sourceRows.map((r) => JSON.parse(r.helpful)) },
      { name: 'reviewText', type: 'STRING', values: sourceRows.map((r) => r.reviewText) },
      { name: 'overall', type: 'DOUBLE', values: sourceRows.map((r) => Number(r.overall)) },
      { name: 'summary', type: 'STRING', values: sourceRows.map((r) => r.summary) },
      { name: 'unixReviewTime', type: 'TIMESTAMP', values: sourceRows.map((r) => new Date(Number(r.unixReviewTime) * 1000)) },
      { name: 'reviewTime', type: 'STRING', values: sourceRows.map((r) => r.reviewTime) },
    ], { rowGroupSize: 64 });
    builds.csv = await build('csv', writeTempFile('reviews.csv', original));
    builds.renamed = await build('renamed', writeTempFile('renamed.csv', renamed), { mapping: RENAMED_MAPPING });
    // Gzipped, as any source may be: recognised by its magic bytes, whatever the format inside.
    builds.jsonl = await build('jsonl', writeTempFile('reviews.jsonl.gz', sourceRows.map(jsonLine).join('\n') + '\n'), { mapping: JSONL_MAPPING });
    builds.parquet = await build('parquet', parquet);
  }, 600_000);
  afterAll(async () => {
    await stack?.close();
  });

  const pointsOf = async (collection: string) => {
    const points = await stack.store.getReviews(collection, await stack.store.listIds(collection), { withVector: 'use-lite' });
    return new Map(points.map((p) => [p.id, p]));
  };

  it('every format completes with the same counts, and skips the row without text with the same row number, naming its text column', async () => {
    const expectedIds = new Set(rows.filter((r) => r.reviewText.trim() !== '').map((r) => expectedPointId({ ...r, reviewText: r.reviewText.trim() })));
    for (const [name, { status }] of Object.entries(builds)) {
      expect({ name, state: status.state, reason: status.failedReason }).toEqual({ name, state: 'completed', reason: null });
      expect({ name, read: status.result.read, points: status.result.points, skipped: status.result.skipped }).toEqual({
        name,
        read: ROWS + 1,
        points: expectedIds.size,
        skipped: ROWS + 1 - rows.filter((r) => r.reviewText.trim() !== '').length,
      });
    }
    const textless = (name: keyof typeof builds) => builds[name].status.skippedReasons.find((s: { row: number }) => s.row === TEXTLESS_ROW);
    expect(textless('csv')).toEqual({ row: TEXTLESS_ROW, reason: 'empty reviewText' });
    expect(textless('renamed')).toEqual({ row: TEXTLESS_ROW, reason: 'empty body' });
    expect(textless('jsonl')).toEqual({ row: TEXTLESS_ROW, reason: 'empty content' });
    expect(textless('parquet')).toEqual({ row: TEXTLESS_ROW, reason: 'empty reviewText' });
    expect(new Set((await pointsOf(builds.csv.collection)).keys())).toEqual(expectedIds);
  });

  it('the same points, payloads and vectors, whatever the format and column names', async () => {
    const original = await pointsOf(builds.csv.collection);
    expect(original.size).toBeGreaterThan(250);
    const first = [...original.values()][0]!.review;
    expect(first).toEqual({
      reviewerID: expect.any(String),
      asin: expect.any(String),
      reviewerName: expect.any(String),
      helpful: [expect.any(Number), expect.any(Number)],
      reviewText: expect.any(String),
      overall: expect.any(Number),
      summary: expect.any(String),
      unixReviewTime: expect.any(Number),
      reviewTime: expect.any(String),
      textLength: first.reviewText.length,
    });
    for (const name of ['renamed', 'jsonl', 'parquet'] as const) {
      const other = await pointsOf(builds[name].collection);
      expect({ name, ids: [...other.keys()].sort() }).toEqual({ name, ids: [...original.keys()].sort() });
      for (const [id, point] of original) expect({ name, id, point: other.get(id) }).toEqual({ name, id, point });
    }
  });

  it('the same search results (dense, sparse and hybrid with the build calibration)', async () => {
    const queries = ['strings that stay in tune', 'cable that crackles', 'pop filter for vocals'];
    for (const query of queries) {
      for (const mode of ['dense', 'sparse', 'hybrid']) {
        const answers = await Promise.all(
          Object.values(builds).map(({ collection }) => stack.post('/search', { query, mode, limit: 10, collection })),
        );
        const lists = answers.map((a) => ranked(a.body.results));
        expect(lists[0]!.scores).toHaveLength(10);
        for (const list of lists.slice(1)) expect({ query, mode, list }).toEqual({ query, mode, list: lists[0] });
      }
    }
    const calibrations = await Promise.all(Object.values(builds).map(async ({ collection }) => (await stack.store.describeCollection(collection))!.calibration!));
    expect(calibrations[0]!.source).toBe('calibrated');
    for (const c of calibrations.slice(1)) expect({ weights: c.weights, queries: c.queries }).toEqual({ weights: calibrations[0]!.weights, queries: calibrations[0]!.queries });
  });

  it('filters work by the mapped fields: rating, group and a date range', async () => {
    const product = rows[0]!.asin;
    const inRange = rows.filter((r) => r.reviewText.trim() !== '' && Number(r.unixReviewTime) >= 1356998400 && Number(r.unixReviewTime) <= 1388534399);
    const expectedInRange = new Set(inRange.map((r) => expectedPointId({ ...r, reviewText: r.reviewText.trim() })));
    expect(expectedInRange.size).toBeGreaterThan(5);
    for (const { collection } of [builds.renamed, builds.jsonl]) {
      const rated = await stack.post('/search', { query: 'great strings', limit: 20, minRating: 5, collection });
      expect(rated.status).toBe(200);
      expect(rated.body.results.length).toBeGreaterThan(0);
      for (const r of rated.body.results) expect(r.review.overall).toBe(5);
      const grouped = await stack.post('/search', { query: 'great strings', limit: 20, group: product, collection });
      expect(grouped.body.results.length).toBeGreaterThan(0);
      for (const r of grouped.body.results) expect(r.review.asin).toBe(product);
      const dated = await stack.post('/search', { query: 'guitar', limit: 100, mode: 'dense', dateFrom: '2013-01-01', dateTo: '2013-12-31', collection });
      expect(dated.status).toBe(200);
      expect(dated.body.results).toHaveLength(Math.min(100, expectedInRange.size));
      for (const r of dated.body.results) expect(expectedInRange.has(r.id)).toBe(true);
    }
  });

  it('the build remembers its schema: format, delimiter, mapping and field types, in GET /collections', async () => {
    const { body } = await stack.get('/collections');
    const byName = new Map(body.collections.map((c: any) => [c.name, c]));
    expect((byName.get(builds.renamed.collection) as any).schema).toEqual({
      format: 'csv',
      delimiter: ';',
      mapping: { text: ['body'], title: 'headline', rating: 'stars', group: 'product', id: ['reviewerID', 'product'], date: 'posted', keep: ['reviewerID', 'reviewerName', 'helpful', 'reviewTime'] },
      fields: {
        reviewText: { type: 'string' },
        summary: { type: 'string' },
        overall: { type: 'number', min: Math.min(...rows.map((r) => Number(r.overall))), max: Math.max(...rows.map((r) => Number(r.overall))) },
        asin: { type: 'string' },
        unixReviewTime: expect.objectContaining({ type: 'number' }),
        textLength: expect.objectContaining({ type: 'number' }),
        reviewerID: { type: 'string' },
        reviewerName: { type: 'string' },
        helpful: { type: 'list' },
        reviewTime: { type: 'string' },
      },
    });
    expect((byName.get(builds.jsonl.collection) as any).schema).toMatchObject({ format: 'jsonl', mapping: { text: ['content'], rating: 'score' } });
    expect((byName.get(builds.parquet.collection) as any).schema).toMatchObject({ format: 'parquet', mapping: { text: ['reviewText'], date: 'unixReviewTime' } });
    const info = (await (await fetch(`${stack.config.qdrant.url}/collections/${builds.renamed.collection}`)).json()) as any;
    expect(Object.keys(info.result.payload_schema).sort()).toEqual(['asin', 'overall', 'textLength', 'unixReviewTime']);
  });

  it('a source without its mapped text column fails naming the columns it has; a build without ratings refuses a rating filter', async () => {
    const lines = ['{"message": "Tuner app froze twice", "app": "tuner", "secret_token": "x"}', '{"message": "Works offline", "app": "tuner"}'];
    const missing = await build('missing', writeTempFile('tickets.jsonl', lines.join('\n')), { mapping: { text: 'body' } });
    expect(missing.status.state).toBe('failed');
    expect(missing.status.failedReason).toBe(
      "the source has no 'body' column for the review text; its columns are: message, app, secret_token (name it with mapping.text in POST /ingest, or --text in pnpm ingest)",
    );
    expect(missing.status.result).toBeNull();
    expect((await stack.store.describeCollection(missing.collection))?.points ?? 0).toBe(0);

    const tickets = await build('tickets', writeTempFile('tickets.jsonl', lines.join('\n')), { mapping: { text: 'message', group: 'app' } });
    expect(tickets.status.state).toBe('completed');
    const refused = await stack.post('/search', { query: 'froze', minRating: 4, collection: tickets.collection });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe(
      `minRating/maxRating cannot apply: the reviews of '${tickets.collection}' have no rating (its source was ingested without a rating column: mapping.rating)`,
    );
    const grouped = await stack.post('/search', { query: 'froze', group: 'tuner', collection: tickets.collection, mode: 'dense' });
    expect(grouped.status).toBe(200);
    expect(grouped.body.results.map((r: any) => r.review)).toEqual(
      expect.arrayContaining([expect.objectContaining({ reviewText: 'Tuner app froze twice', asin: 'tuner', overall: null, summary: '', secret_token: 'x' })]),
    );
    expect((await stack.store.describeCollection(tickets.collection))!.calibration!.reason).toBe(
      'the build has no title column to draw queries from (mapping.title): default fusion',
    );
  });
});
