import type { Readable } from 'node:stream';
import { MAX_ROW_BYTES } from './row-checks';
import { longFieldProblem } from './record-checks';
import { recordLines, type RecordLine } from './record-lines';
import { IngestSourceError } from './source-error';
import { SourceLines } from './source-lines';
import type { ReadRecordsOptions, SourceRecord, SourceValue } from './source-records';
import { toSourceValue } from './source-values';

const NOT_JSON_LINES = 'the source is not JSON Lines (its first line is not a JSON object)';

/**
 * Streams a JSON Lines source's records, one JSON object per non-empty line
 * (blank lines, a BOM at the start and CR LF line ends are fine), numbered
 * from 1 at the first non-empty line. Stops after `limit` records (skipped
 * ones count). A line that is not JSON, or not an object, or holds a string
 * over `MAX_FIELD_CHARS`, is skipped with a reason that names its line and
 * never quotes it (`onSkip`). A source whose first line is not a JSON object
 * (a CSV, a secrets file) fails at once, quoting nothing of it. Where the
 * source breaks, it fails once the records before the break are taken.
 */
export async function* readJsonLinesRecords(stream: Readable, options: ReadRecordsOptions = {}): AsyncGenerator<SourceRecord> {
  const input = new SourceLines(stream, 'a JSON Lines file');
  let row = 0;
  let columns: readonly string[] | undefined;
  try {
    for await (const line of recordLines(input.stream)) {
      const text = 'text' in line ? (line.line === 1 ? line.text.replace(/^\uFEFF/, '') : line.text) : undefined;
      if (text !== undefined && text.trim() === '') continue;
      if (options.limit !== undefined && row >= options.limit) return;
      row += 1;
      const read = readLine(line, text);
      if (typeof read === 'string') {
        if (row === 1) throw new IngestSourceError(NOT_JSON_LINES);
        options.onSkip?.({ row, reason: read });
        continue;
      }
      if (!columns) {
        columns = Object.keys(read);
        options.onColumns?.(columns);
      }
      const problem = longFieldProblem(read, `line ${line.line}`);
      if (problem) options.onSkip?.({ row, reason: problem });
      else yield { row, fields: read };
    }
  } finally {
    input.stream.destroy();
    stream.destroy();
  }
  const failure = input.failure(row);
  if (failure) throw failure;
  if (row === 0) throw new IngestSourceError('the source is empty: it has no JSON object');
}

/** The line's object, or why it is not one (naming the line, never quoting it). */
function readLine(line: RecordLine, text: string | undefined): Record<string, SourceValue> | string {
  if (text === undefined) return `line ${line.line} is over ${MAX_ROW_BYTES / 1024 / 1024} MiB, more than a record may have`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `line ${line.line} is not valid JSON`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return toSourceValue(value) as Record<string, SourceValue>;
  }
  return `line ${line.line} holds ${kindOf(value)}, not a JSON object`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
