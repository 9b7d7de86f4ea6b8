import { Readable } from 'node:stream';
import type { SkippedRow } from '../ingest/ingest-status';
import { IngestSourceError, SourceUnavailableError } from './source-error';
import { resolveMapping } from './column-mapping';
import { readCsvRecords } from './csv-records';
import { MAX_FIELD_CHARS } from './row-checks';

/** The records of a CSV read as an ingest reads it: its columns checked by the corpus's mapping. */
async function collect(csv: string | Buffer | Readable, limit?: number, delimiter?: string) {
  const source = csv instanceof Readable ? csv : Readable.from([Buffer.from(csv)]);
  const rows = [];
  const onColumns = (columns: readonly string[]) => void resolveMapping(undefined, columns);
  for await (const record of readCsvRecords(source, { limit, delimiter, onColumns })) rows.push(record);
  return rows;
}

async function collectWithSkips(csv: string | Buffer) {
  const skipped: SkippedRow[] = [];
  const rows = [];
  for await (const record of readCsvRecords(Readable.from([Buffer.from(csv)]), { onSkip: (s) => skipped.push(s) })) {
    rows.push(record);
  }
  return { rows, skipped };
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

describe('readCsvRecords', () => {
  it('numbers data rows from 1 and keys fields by header, across quoted newlines', async () => {
    const rows = await collect('\uFEFFreviewText,overall\n"a, b\nc",5\nplain,4\n');
    expect(rows).toEqual([
      { row: 1, fields: { reviewText: 'a, b\nc', overall: '5' } },
      { row: 2, fields: { reviewText: 'plain', overall: '4' } },
    ]);
  });

  it('stops after limit rows', async () => {
    expect(await collect('reviewText\na\nb\nc\n', 2)).toHaveLength(2);
  });

  it('reads any delimiter, quotes and all', async () => {
    expect(await collect('reviewText;overall\n"a; b";5\n', undefined, ';')).toEqual([{ row: 1, fields: { reviewText: 'a; b', overall: '5' } }]);
    expect(await collect('reviewText\toverall\nplain\t4\n', undefined, '\t')).toEqual([{ row: 1, fields: { reviewText: 'plain', overall: '4' } }]);
  });

  it('tells its columns before the first row, and refuses the source when they are refused, naming its header', async () => {
    await expect(collect('text,stars\nx,1\n')).rejects.toThrow(
      "the source has no 'reviewText' column for the review text; its columns are: text, stars (name it with mapping.text in POST /ingest, or --text in pnpm ingest)",
    );
  });

  it('quotes nothing of a first line that does not read as a CSV header (a secrets file, an environment)', async () => {
    const notCsv = 'the source is not a CSV with the columns asked for (its first line does not read as a CSV header, so none of it is shown)';
    const secrets = [
      'OPENAI_API_KEY=sk-canary-openai-8d2e4f60a1b3c5d7\nHF_TOKEN=hf_canary\n',
      'PATH=/usr/bin\u0000API_KEY=canary-api-key-5b1f0c7e9a2d4c61\u0000',
      'root:x:0:0:root:/root:/bin/bash\n',
      'token,hf_canaryHuggingFace3c9a7e1f5b2d\nx,y\n',
      'single\nrow\n',
      `${Array.from({ length: 101 }, (_, i) => `c${i}`).join(',')}\n1\n`,
      `name,${'n'.repeat(49)}\n1,2\n`,
    ];
    for (const text of secrets) await expect(collect(text)).rejects.toThrow(new IngestSourceError(notCsv));
  });

  it('refuses an empty source, and a header with no rows', async () => {
    await expect(collect('')).rejects.toThrow(new IngestSourceError('the source is empty: it has no header row'));
    await expect(collect('reviewText,overall\r\n')).rejects.toThrow('the CSV has a header but no rows');
  });

  it('refuses an HTML page, whatever it was called', async () => {
    await expect(collect('<!DOCTYPE html>\n<html><body>Not here</body></html>\n')).rejects.toThrow(
      'the source is an HTML page, not a CSV file (it begins with <!DOCTYPE html>)',
    );
  });

  it('names the line and row where a quoted field is never closed, with the rows read before', async () => {
    await expect(collect('reviewText,overall\nok,5\n"unterminated,4\nmore,3\n')).rejects.toThrow(
      /^the CSV cannot be parsed from line 3 \(row 2\): a quoted field is not closed properly \(CSV_QUOTE_NOT_CLOSED\); 1 row before it was read$/,
    );
  });

  it('skips rows with too few or too many fields, naming row and line; trailing empty fields are fine', async () => {
    const { rows, skipped } = await collectWithSkips('reviewText,overall\nok,5\nshort\n\n"two\nlines",4,extra\ntrailing,3,,\n');
    expect(rows).toEqual([
      { row: 1, fields: { reviewText: 'ok', overall: '5' } },
      { row: 4, fields: { reviewText: 'trailing', overall: '3' } },
    ]);
    expect(skipped).toEqual([
      { row: 2, reason: '1 fields where the header has 2 (line 3)' },
      { row: 3, reason: '3 fields where the header has 2 (lines 5-6)' },
    ]);
  });

  it(`skips a row with a field over ${MAX_FIELD_CHARS} characters, keeps stray quotes, drops NULs, reads bad UTF-8 as U+FFFD`, async () => {
    const csv = Buffer.concat([
      Buffer.from(`reviewText,summary\nbig,${'x'.repeat(MAX_FIELD_CHARS + 1)}\na 12" cable,n\u0000ul\nbad `),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' bytes,s\n'),
    ]);
    const { rows, skipped } = await collectWithSkips(csv);
    expect(skipped).toEqual([{ row: 1, reason: "the 'summary' field has 20,001 characters, over the 20,000 a field may have (line 2)" }]);
    expect(rows).toEqual([
      { row: 2, fields: { reviewText: 'a 12" cable', summary: 'nul' } },
      { row: 3, fields: { reviewText: 'bad \uFFFD\uFFFD bytes', summary: 's' } },
    ]);
  });

  it('names an oversized field by its column only when the name reads as one', async () => {
    const token = 'col4e9a7c1f5b2d8e6a';
    const { skipped } = await collectWithSkips(`reviewText,${token}\nbig,${'x'.repeat(MAX_FIELD_CHARS + 1)}\n`);
    expect(skipped).toEqual([{ row: 1, reason: 'the field of column 2 has 20,001 characters, over the 20,000 a field may have (line 2)' }]);
  });

  it('when the source breaks, gives every complete row before it (never half a row), then fails with the count', async () => {
    const rows: unknown[] = [];
    const truncated = new IngestSourceError('the gzip stream ends early (truncated)');
    const reading = (async () => {
      for await (const record of readCsvRecords(breaking(['reviewText,n\na,1\nb,', '2\nc,3\nhalf of a ro'], truncated))) rows.push(record);
    })();
    await expect(reading).rejects.toThrow(IngestSourceError);
    await expect(reading).rejects.toThrow(/^the gzip stream ends early \(truncated\) after 3 rows$/);
    expect(rows).toHaveLength(3);

    const dropped = breaking(['reviewText\na\n'], new Error('other side closed'));
    const error = await collect(dropped).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toBe('other side closed after 1 row');
  });
});
