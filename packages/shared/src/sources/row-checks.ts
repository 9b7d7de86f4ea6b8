import { columnLabel } from './csv-header';

/**
 * A field longer than this is not a review (the longest review of the
 * reference corpus has 11,310 characters): its row is skipped. Embedding time
 * grows with the text (use-lite, which reads whole texts, takes about 1 s for
 * 10,000 characters and 40 s for 100,000), so one huge field would stall a batch.
 */
export const MAX_FIELD_CHARS = 20_000;

/** A row this large means the CSV is broken (most likely a quote that is never closed): reading stops. */
export const MAX_ROW_BYTES = 16 * 1024 * 1024;

/**
 * Why a data row cannot be stored as a review, if it cannot: a number of
 * fields other than the header's (trailing empty fields are fine), or a field
 * over `MAX_FIELD_CHARS`. `lines` are where the row starts and ends in the file
 * (a row of several lines with the wrong number of fields most likely holds an
 * unbalanced quote).
 */
export function rowProblem(fields: readonly string[], header: readonly string[], lines: [number, number]): string | undefined {
  const line = lines[0] === lines[1] ? `line ${lines[0]}` : `lines ${lines[0]}-${lines[1]}`;
  const extra = fields.slice(header.length);
  if (fields.length < header.length || extra.some((field) => field !== '')) {
    return `${fields.length} fields where the header has ${header.length} (${line})`;
  }
  const long = header.findIndex((_, i) => fields[i]!.length > MAX_FIELD_CHARS);
  if (long >= 0) {
    return (
      `the ${columnLabel(header, long)} has ${count(fields[long]!.length)} characters, ` +
      `over the ${count(MAX_FIELD_CHARS)} a field may have (${line})`
    );
  }
  return undefined;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 row", "3 rows". */
export function rowCount(n: number): string {
  return n === 1 ? '1 row' : `${n} rows`;
}
