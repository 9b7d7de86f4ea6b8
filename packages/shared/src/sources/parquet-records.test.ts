import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import type { ParquetCodec } from '../../../../test/support/parquet-codecs';
import { writeParquetFile, type ParquetColumn } from '../../../../test/support/parquet-file';
import type { SkippedRow } from '../ingest/ingest-status';
import { readParquetRecords, type ReadParquetOptions } from './parquet-records';
import { MAX_FIELD_CHARS } from './row-checks';
import { IngestSourceError } from './source-error';

let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-parquet-test-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

let files = 0;
function parquetFile(columns: ParquetColumn[], options: Parameters<typeof writeParquetFile>[2] = {}): string {
  const file = path.join(folder, `reviews-${++files}.parquet`);
  writeParquetFile(file, columns, options);
  return file;
}

function fileWith(bytes: string | Buffer): string {
  const file = path.join(folder, `source-${++files}`);
  fs.writeFileSync(file, bytes);
  return file;
}

async function collect(file: string, options: ReadParquetOptions = {}) {
  const skipped: SkippedRow[] = [];
  const rows = [];
  for await (const record of readParquetRecords(file, { onSkip: (s) => skipped.push(s), ...options })) rows.push(record);
  return { rows, skipped };
}

async function failure(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

function expectError(error: unknown, message: string): void {
  expect(error).toBeInstanceOf(IngestSourceError);
  expect((error as Error).message).toBe(message);
}

function metadataOf(file: string) {
  return parquetMetadata(fs.readFileSync(file));
}

/** Overwrites the bytes of a row group's column chunks with 0xFF. */
function corruptRowGroup(file: string, index: number): void {
  const group = metadataOf(file).row_groups[index]!;
  const handle = fs.openSync(file, 'r+');
  for (const { meta_data: meta } of group.columns) {
    const start = Number(meta!.dictionary_page_offset ?? meta!.data_page_offset);
    fs.writeSync(handle, Buffer.alloc(Number(meta!.total_compressed_size), 0xff), 0, undefined, start);
  }
  fs.closeSync(handle);
}

/** Ten reviews in four row groups (3, 3, 3, 1 rows). */
function tenReviews(): string {
  const file = parquetFile(
    [
      { name: 'reviewText', type: 'STRING', values: Array.from({ length: 10 }, (_, i) => `review ${i + 1}`) },
      { name: 'overall', type: 'DOUBLE', values: Array.from({ length: 10 }, (_, i) => (i % 5) + 1) },
    ],
    { rowGroupSize: 3 },
  );
  expect(metadataOf(file).row_groups.map((group) => Number(group.num_rows))).toEqual([3, 3, 3, 1]);
  return file;
}

const texts = (rows: { fields: Record<string, unknown> }[]) => rows.map((record) => record.fields.reviewText);

describe('readParquetRecords', () => {
  it('reads every row group in order, numbering rows from 1, after telling the schema columns', async () => {
    const events: string[] = [];
    const records = readParquetRecords(tenReviews(), { onColumns: (columns) => events.push(`columns ${columns.join(',')}`) });
    const rows = [];
    for await (const record of records) {
      events.push(`row ${record.row}`);
      rows.push(record);
    }
    expect(events).toEqual(['columns reviewText,overall', ...Array.from({ length: 10 }, (_, i) => `row ${i + 1}`)]);
    expect(rows[0]).toEqual({ row: 1, fields: { reviewText: 'review 1', overall: 1 } });
    expect(rows[9]).toEqual({ row: 10, fields: { reviewText: 'review 10', overall: 5 } });
    expect(texts(rows)).toEqual(Array.from({ length: 10 }, (_, i) => `review ${i + 1}`));
  });

  it('reads one row group at a time: a group spoiled after the first is read fails there, after the rows before it', async () => {
    const file = tenReviews();
    const records = readParquetRecords(file);
    const first = await records.next();
    expect(first.value).toEqual({ row: 1, fields: { reviewText: 'review 1', overall: 1 } });
    // Only now is group 3 spoiled: had the reader taken more than the group it yields from, it would not notice.
    corruptRowGroup(file, 2);
    const rows: number[] = [];
    const error = await failure(
      (async () => {
        for await (const record of records) rows.push(record.row);
      })(),
    );
    expect(rows).toEqual([2, 3, 4, 5, 6]);
    expectError(
      error,
      'the Parquet file is corrupt or uses a feature this reader does not support: row group 3 (from row 7) cannot be decoded; 6 rows before it were read',
    );
  });

  it('stops after limit rows, skipped ones counted, without decoding the row groups after', async () => {
    const file = tenReviews();
    corruptRowGroup(file, 2);
    const { rows } = await collect(file, { limit: 5 });
    expect(rows.map((record) => record.row)).toEqual([1, 2, 3, 4, 5]);
    expect(texts(rows)).toEqual(['review 1', 'review 2', 'review 3', 'review 4', 'review 5']);
    expect((await collect(file, { limit: 6 })).rows).toHaveLength(6);
  });

  it('normalises values to JSON-safe ones: INT64, timestamps, bytes, NaN and nulls', async () => {
    const file = parquetFile([
      { name: 'votes', type: 'INT64', values: [42n, 2n ** 53n - 1n, -(2n ** 60n), null] },
      { name: 'reviewTime', type: 'TIMESTAMP', values: [new Date('2014-02-03T04:05:06.789Z'), new Date(0), null, null] },
      { name: 'image', type: 'BYTE_ARRAY', values: [Buffer.from('crème'), Buffer.from([0x61, 0xff, 0x00, 0x62]), null, null] },
      { name: 'overall', type: 'DOUBLE', values: [4.5, Number.NaN, null, null] },
      { name: 'verified', type: 'BOOLEAN', values: [true, false, null, null] },
      { name: 'style', type: 'JSON', values: [{ size: 'L', colours: ['red'] }, null, null, null] },
    ]);
    const { rows } = await collect(file);
    expect(rows).toEqual([
      {
        row: 1,
        fields: { votes: 42, reviewTime: '2014-02-03T04:05:06.789Z', image: 'crème', overall: 4.5, verified: true, style: { size: 'L', colours: ['red'] } },
      },
      {
        row: 2,
        fields: { votes: 9007199254740991, reviewTime: '1970-01-01T00:00:00.000Z', image: 'a\uFFFDb', overall: null, verified: false, style: null },
      },
      { row: 3, fields: { votes: '-1152921504606846976', reviewTime: null, image: null, overall: null, verified: null, style: null } },
      { row: 4, fields: { votes: null, reviewTime: null, image: null, overall: null, verified: null, style: null } },
    ]);
  });

  it('normalises lists and structs value by value', async () => {
    const file = parquetFile(
      [
        { name: 'helpful', values: [[1n, 2n ** 60n], null, []] },
        { name: 'meta', values: [{ at: new Date(5), votes: 3n }, null, { at: null, votes: 4n }] },
      ],
      {
        schema: [
          { name: 'root', num_children: 2 },
          { name: 'helpful', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
          { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
          { name: 'element', type: 'INT64', repetition_type: 'REQUIRED' },
          { name: 'meta', repetition_type: 'OPTIONAL', num_children: 2 },
          { name: 'at', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
          { name: 'votes', type: 'INT64', repetition_type: 'OPTIONAL' },
        ],
      },
    );
    const columns: string[][] = [];
    const { rows } = await collect(file, { onColumns: (names) => columns.push([...names]) });
    expect(columns).toEqual([['helpful', 'meta']]);
    expect(rows).toEqual([
      { row: 1, fields: { helpful: [1, '1152921504606846976'], meta: { at: '1970-01-01T00:00:00.005Z', votes: 3 } } },
      { row: 2, fields: { helpful: null, meta: null } },
      { row: 3, fields: { helpful: [], meta: { at: null, votes: 4 } } },
    ]);
  });

  it('skips a row with a string over MAX_FIELD_CHARS, naming the field only when its name may be quoted', async () => {
    const long = 'x'.repeat(MAX_FIELD_CHARS + 1);
    const file = parquetFile([
      { name: 'reviewText', type: 'STRING', values: ['fine', long, 'short', 'x'.repeat(MAX_FIELD_CHARS)] },
      { name: 'hf_canaryToken0123456789abcdef', type: 'STRING', values: ['', '', long, ''] },
    ]);
    const { rows, skipped } = await collect(file);
    expect(rows.map((record) => record.row)).toEqual([1, 4]);
    expect(skipped).toEqual([
      { row: 2, reason: "the 'reviewText' field has 20,001 characters, over the 20,000 a field may have (row 2)" },
      { row: 3, reason: 'a field has 20,001 characters, over the 20,000 a field may have (row 3)' },
    ]);
  });

  it.each<ParquetCodec>(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW'])('reads a %s file', async (codec) => {
    const values = Array.from({ length: 300 }, (_, i) => `review ${i} ${'great sound '.repeat(i % 7)}`);
    const file = parquetFile([{ name: 'reviewText', type: 'STRING', values }], { codec });
    expect(metadataOf(file).row_groups[0]!.columns[0]!.meta_data!.codec).toBe(codec);
    expect(texts((await collect(file)).rows)).toEqual(values);
  });

  it('refuses a file that is not Parquet, quoting nothing of it', async () => {
    const notParquet = 'the source is not a Parquet file (it does not begin with the Parquet magic bytes)';
    const sources = [
      'OPENAI_API_KEY=sk-canary-openai-8d2e4f60a1b3c5d7\nHF_TOKEN=hf_canary\n',
      'reviewText,overall\ngreat,5\n',
      '{"reviewText":"sk-canary"}\n',
      '<!DOCTYPE html><html>sk-canary</html>',
      'sk-canary PAR1',
      '',
    ];
    for (const text of sources) expectError(await failure(collect(fileWith(text))), notParquet);
  });

  it('refuses a truncated Parquet file, quoting nothing of it', async () => {
    const whole = fs.readFileSync(tenReviews());
    const truncated = 'the Parquet file is truncated (it does not end with the Parquet magic bytes of its footer)';
    expectError(await failure(collect(fileWith(whole.subarray(0, whole.length - 100)))), truncated);
    expectError(await failure(collect(fileWith('PAR1PAR1'))), truncated);
  });

  it('refuses a Parquet file whose footer is corrupt, quoting nothing of it', async () => {
    const corrupt = 'the Parquet file is corrupt or uses a feature this reader does not support: its footer (the file metadata) cannot be read';
    const tooLong = Buffer.concat([Buffer.from('PAR1sk-canary-secret'), Buffer.from([0xff, 0xff, 0, 0]), Buffer.from('PAR1')]);
    const garbage = Buffer.concat([Buffer.from('PAR1'), Buffer.from('sk-canary-secret'), Buffer.from([16, 0, 0, 0]), Buffer.from('PAR1')]);
    for (const bytes of [tooLong, garbage]) expectError(await failure(collect(fileWith(bytes))), corrupt);
  });

  it('refuses a row group too large to read whole, after the rows before it', async () => {
    const file = parquetFile([{ name: 'reviewText', type: 'STRING', values: ['a', 'b', 'c', 'a much longer review'] }], { rowGroupSize: 2 });
    const sizes = metadataOf(file).row_groups.map((group) => Number(group.total_byte_size));
    expect(sizes[1]).toBeGreaterThan(sizes[0]!);
    expect((await collect(file, { maxRowGroupBytes: sizes[1] })).rows).toHaveLength(4);
    const rows: number[] = [];
    const error = await failure(
      (async () => {
        for await (const record of readParquetRecords(file, { maxRowGroupBytes: sizes[1]! - 1 })) rows.push(record.row);
      })(),
    );
    expect(rows).toEqual([1, 2]);
    expectError(
      error,
      `the Parquet file's row group 2 holds ${sizes[1]} bytes uncompressed, over the ${sizes[1]! - 1} bytes ` +
        'a row group may hold here (it is read whole): write the file with smaller row groups',
    );
  });

  it('refuses a Parquet file with no rows', async () => {
    const file = parquetFile([{ name: 'reviewText', type: 'STRING', values: [] }]);
    expectError(await failure(collect(file)), 'the Parquet file has no rows: there are no reviews to ingest');
  });

  it('names a file that cannot be opened', async () => {
    const missing = path.join(folder, 'missing.parquet');
    const error = await failure(collect(missing));
    expect(error).toBeInstanceOf(IngestSourceError);
    expect((error as Error).message).toMatch(/^cannot read source file .*missing\.parquet: ENOENT/);
  });
});
