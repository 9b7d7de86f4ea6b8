import type { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { ReviewSearchError } from '../errors';
import { SourceLines } from './source-lines';
import { looksLikeHeader } from './csv-header';
import { MAX_ROW_BYTES, rowCount, rowProblem } from './row-checks';
import { IngestSourceError } from './source-error';
import type { ReadRecordsOptions, SourceRecord } from './source-records';

export interface ReadCsvOptions extends ReadRecordsOptions {
  /** The field delimiter (default `,`). */
  delimiter?: string;
}

/**
 * Streams the CSV's data rows as records keyed by the header's names, telling
 * `onColumns` the header first (a first line that does not read as a header is
 * never quoted, whatever `onColumns` says of it). Stops after `limit` rows
 * (skipped ones count). Rows that cannot be a review are
 * skipped with a reason (`onSkip`); NUL characters are dropped; invalid UTF-8
 * reads as U+FFFD. Where the CSV itself breaks (a quoted field that is never
 * closed) or the source does, it fails naming the line and the rows read
 * before, once those rows have all been taken.
 */
export async function* readCsvRecords(stream: Readable, options: ReadCsvOptions = {}): AsyncGenerator<SourceRecord> {
  const { limit } = options;
  const input = new SourceLines(stream);
  let broken: { error: CsvError; records: number } | undefined;
  const parser = input.stream.pipe(
    parse({
      bom: true,
      delimiter: options.delimiter ?? ',',
      skip_empty_lines: true,
      relax_quotes: true,
      relax_column_count: true,
      info: true,
      max_record_size: MAX_ROW_BYTES,
      // The first error is reported once the rows before it are taken (see below), never mid-stream.
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error && !broken) {
          broken = { error, records: Number(error.records) };
          input.stop();
        }
      },
    }),
  );
  let header: string[] | undefined;
  let row = 0;
  let lastLine = 0;
  let emptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      if (broken && info.records > broken.records) break;
      const line = lastLine + 1 + (info.empty_lines - emptyLines);
      [lastLine, emptyLines] = [info.lines, info.empty_lines];
      const fields = record.map(withoutNul);
      if (!header) {
        header = checkHeader(fields, options);
        continue;
      }
      if (limit !== undefined && row >= limit) return;
      row += 1;
      const problem = rowProblem(fields, header, [line, info.lines]);
      if (problem) options.onSkip?.({ row, reason: problem });
      else yield { row, fields: Object.fromEntries(header.map((name, i) => [name, fields[i]!])) };
    }
  } catch (error) {
    if (error instanceof ReviewSearchError) throw error;
    // The parser's own words may quote the source: only its error code is shown.
    throw new IngestSourceError(`the CSV cannot be parsed after ${rowCount(row)} (${errorCode(error)})`);
  } finally {
    parser.destroy();
    stream.destroy();
  }
  if (broken) throw brokenCsv(broken.error, header !== undefined, row, lastLine + 1);
  const failure = input.failure(row);
  if (failure) throw failure;
  if (!header) throw new IngestSourceError('the source is empty: it has no header row');
  if (row === 0) throw new IngestSourceError('the CSV has a header but no rows: there are no reviews to ingest');
}

function checkHeader(fields: string[], options: ReadRecordsOptions): string[] {
  const header = fields.map((name) => name.trim());
  try {
    options.onColumns?.(header);
  } catch (error) {
    // Not a header: nothing of it is quoted (the source may be any file, a secret one too).
    if (!looksLikeHeader(header)) throw new IngestSourceError(NOT_A_HEADER);
    throw error;
  }
  return header;
}

const NOT_A_HEADER = 'the source is not a CSV with the columns asked for (its first line does not read as a CSV header, so none of it is shown)';

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : 'unexpected error';
}

function brokenCsv(error: CsvError, hasHeader: boolean, rows: number, line: number): IngestSourceError {
  const why =
    error.code === 'CSV_MAX_RECORD_SIZE'
      ? `a row is over ${MAX_ROW_BYTES / 1024 / 1024} MiB, most likely because a quote is never closed`
      : /QUOTE/.test(error.code)
        ? 'a quoted field is not closed properly'
        : 'it is malformed';
  const where = hasHeader ? `from line ${line} (row ${rows + 1})` : 'in its header';
  const before = hasHeader ? `; ${rowCount(rows)} before it ${rows === 1 ? 'was' : 'were'} read` : '';
  // The code, not the message: csv-parse's messages may quote the field they stopped at.
  return new IngestSourceError(`the CSV cannot be parsed ${where}: ${why} (${error.code})${before}`, undefined, { cause: error });
}

function withoutNul(field: string): string {
  return field.includes('\u0000') ? field.replaceAll('\u0000', '') : field;
}
