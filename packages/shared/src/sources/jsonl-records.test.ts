import { Readable } from 'node:stream';
import type { SkippedRow } from '../ingest/ingest-status';
import { readJsonLinesRecords } from './jsonl-records';
import { MAX_FIELD_CHARS, MAX_ROW_BYTES } from './row-checks';
import { IngestSourceError, SourceUnavailableError } from './source-error';
import type { ReadRecordsOptions } from './source-records';

function source(...chunks: (string | Buffer)[]): Readable {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
}

/** A source that sends `chunks`, then breaks with `error`. */
function breaking(chunks: string[], error: Error): Readable {
  return Readable.from(
    (async function* () {
      for (const chunk of chunks) yield Buffer.from(chunk);
      throw error;
    })(),
  );
}

async function collect(stream: Readable, options: ReadRecordsOptions = {}) {
  const skipped: SkippedRow[] = [];
  const rows = [];
  for await (const record of readJsonLinesRecords(stream, { onSkip: (s) => skipped.push(s), ...options })) rows.push(record);
  return { rows, skipped };
}

/** What `pending` failed with (the test fails where it did not fail). */
async function failure(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

function expectError(error: unknown, type: new (...args: never[]) => Error, message: string): void {
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
}

const NOT_JSON_LINES = 'the source is not JSON Lines (its first line is not a JSON object)';

describe('readJsonLinesRecords', () => {
  it('reads one object a line, past a BOM, blank lines and CR LF line ends', async () => {
    const { rows, skipped } = await collect(source('\uFEFF{"reviewText":"good","overall":5}\r\n  \n\t\r\n{"reviewText":"bad","overall":1.5,"verified":false}\n'));
    expect(rows).toEqual([
      { row: 1, fields: { reviewText: 'good', overall: 5 } },
      { row: 2, fields: { reviewText: 'bad', overall: 1.5, verified: false } },
    ]);
    expect(skipped).toEqual([]);
  });

  it('numbers records from the first non-empty line, and names lines as the file counts them', async () => {
    const { rows, skipped } = await collect(source('\n \n{"reviewText":"a"}\n\nnope\n{"reviewText":"c"}\n'));
    expect(rows).toEqual([
      { row: 1, fields: { reviewText: 'a' } },
      { row: 3, fields: { reviewText: 'c' } },
    ]);
    expect(skipped).toEqual([{ row: 2, reason: 'line 5 is not valid JSON' }]);
  });

  it('keeps nested objects and arrays as values, drops NUL characters, and reads a last line with no line end', async () => {
    const { rows } = await collect(source('{"reviewText":"a\\u0000b","style":{"size":"L","tags":["x\\u0000",null]}}'));
    expect(rows).toEqual([{ row: 1, fields: { reviewText: 'ab', style: { size: 'L', tags: ['x', null] } } }]);
  });

  it('joins lines and UTF-8 characters split across chunks', async () => {
    const bytes = Buffer.from('{"reviewText":"crème brûlée"}\n{"reviewText":"naïve"}\n');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const { rows } = await collect(source(...chunks));
    expect(rows.map((record) => record.fields.reviewText)).toEqual(['crème brûlée', 'naïve']);
  });

  it('skips lines that are not JSON objects, naming their line (blank lines counted) and quoting nothing', async () => {
    const lines = [
      '{"reviewText":"one"}',
      '',
      '{"reviewText": "sk-canary-not-closed',
      '[{"reviewText":"in an array"}]',
      '42',
      '"sk-canary-string"',
      'null',
      'true',
      '{"reviewText":"last"}',
    ];
    const { rows, skipped } = await collect(source(lines.join('\n')));
    expect(rows).toEqual([
      { row: 1, fields: { reviewText: 'one' } },
      { row: 8, fields: { reviewText: 'last' } },
    ]);
    expect(skipped).toEqual([
      { row: 2, reason: 'line 3 is not valid JSON' },
      { row: 3, reason: 'line 4 holds an array, not a JSON object' },
      { row: 4, reason: 'line 5 holds a number, not a JSON object' },
      { row: 5, reason: 'line 6 holds a string, not a JSON object' },
      { row: 6, reason: 'line 7 holds null, not a JSON object' },
      { row: 7, reason: 'line 8 holds a boolean, not a JSON object' },
    ]);
  });

  it('skips a record with a string over MAX_FIELD_CHARS, naming the field only when its name may be quoted', async () => {
    const long = 'x'.repeat(MAX_FIELD_CHARS + 1);
    const lines = [
      JSON.stringify({ reviewText: 'fine', summary: 'x'.repeat(MAX_FIELD_CHARS) }),
      JSON.stringify({ reviewText: long }),
      JSON.stringify({ reviewText: 'short', hf_canaryToken0123456789abcdef: long }),
      JSON.stringify({ reviewText: 'nested is not checked', style: { note: long } }),
    ];
    const { rows, skipped } = await collect(source(lines.join('\n')));
    expect(rows.map((record) => record.row)).toEqual([1, 4]);
    expect(skipped).toEqual([
      { row: 2, reason: "the 'reviewText' field has 20,001 characters, over the 20,000 a field may have (line 2)" },
      { row: 3, reason: 'a field has 20,001 characters, over the 20,000 a field may have (line 3)' },
    ]);
  });

  it('skips a line over MAX_ROW_BYTES without holding it, and reads on after it', async () => {
    const huge = `{"reviewText":"${'y'.repeat(MAX_ROW_BYTES)}"}\n`;
    const chunks = ['{"reviewText":"before"}\n', huge.slice(0, 1 << 20), huge.slice(1 << 20), '{"reviewText":"after"}\n'];
    const { rows, skipped } = await collect(source(...chunks));
    expect(rows).toEqual([
      { row: 1, fields: { reviewText: 'before' } },
      { row: 3, fields: { reviewText: 'after' } },
    ]);
    expect(skipped).toEqual([{ row: 2, reason: 'line 2 is over 16 MiB, more than a record may have' }]);
  });

  it('tells the keys of the first object once, before its record is yielded', async () => {
    const events: string[] = [];
    const records = readJsonLinesRecords(source('{"reviewText":"a","overall":5}\n{"other":1}\n'), {
      onColumns: (columns) => events.push(`columns ${columns.join(',')}`),
    });
    for await (const record of records) events.push(`row ${record.row}`);
    expect(events).toEqual(['columns reviewText,overall', 'row 1', 'row 2']);
  });

  it('fails with what onColumns throws (a mapped column missing)', async () => {
    const refusal = new IngestSourceError("the source has no 'text' column");
    const options = {
      onColumns: () => {
        throw refusal;
      },
    };
    await expect(collect(source('{"reviewText":"a"}\n'), options)).rejects.toBe(refusal);
  });

  it('stops after limit records, skipped ones counted, reading no further', async () => {
    const stream = breaking(['{"reviewText":"a"}\n', 'not json\n', '{"reviewText":"c"}\n', '{"reviewText":"d"}\n'], new Error('never reached'));
    const { rows, skipped } = await collect(stream, { limit: 3 });
    expect(rows.map((record) => record.row)).toEqual([1, 3]);
    expect(skipped).toEqual([{ row: 2, reason: 'line 2 is not valid JSON' }]);
  });

  it('fails at once, quoting nothing, where the first line is not a JSON object (a secrets file, a CSV, an array)', async () => {
    const notJsonLines = [
      'OPENAI_API_KEY=sk-canary-openai-8d2e4f60a1b3c5d7\n{"reviewText":"a"}\n',
      'PATH=/usr/bin\u0000API_KEY=canary-api-key-5b1f0c7e9a2d4c61\u0000',
      'reviewText,overall\ngreat,5\n',
      '\n\n["sk-canary-in-array"]\n{"reviewText":"a"}\n',
      '"sk-canary-string"\n',
      '{"reviewText":"sk-canary-unclosed\n',
    ];
    for (const text of notJsonLines) {
      expectError(await failure(collect(source(text))), IngestSourceError, NOT_JSON_LINES);
    }
  });

  it('refuses an empty source, and one of blank lines only', async () => {
    for (const text of ['', '\uFEFF\n  \r\n\n']) {
      expectError(await failure(collect(source(text))), IngestSourceError, 'the source is empty: it has no JSON object');
    }
  });

  it('refuses an HTML page, naming only its tag', async () => {
    const error = await failure(collect(source('<!DOCTYPE html>\n<html><body>sk-canary</body></html>\n')));
    expectError(error, IngestSourceError, 'the source is an HTML page, not a JSON Lines file (it begins with <!DOCTYPE html>)');
  });

  it('reports a source that breaks part-way after the records before it, never half a line', async () => {
    const stream = breaking(['{"reviewText":"a"}\n{"review', 'Text":"b"}\n{"reviewText":"c', '"'], new Error('socket hang up'));
    const rows: number[] = [];
    const error = await failure(
      (async () => {
        for await (const record of readJsonLinesRecords(stream)) rows.push(record.row);
      })(),
    );
    expect(rows).toEqual([1, 2]);
    expectError(error, SourceUnavailableError, 'socket hang up after 2 rows');
  });

  it('keeps a break the source itself found (a truncated gzip) as not retried', async () => {
    const stream = breaking(['{"reviewText":"a"}\n'], new IngestSourceError('the gzip stream ends early (truncated)'));
    const error = await failure(collect(stream));
    expectError(error, IngestSourceError, 'the gzip stream ends early (truncated) after 1 row');
    expect(error).not.toBeInstanceOf(SourceUnavailableError);
  });
});
