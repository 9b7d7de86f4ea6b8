import { CSV_HEADER, writeTempFile } from './fixtures';
import { expectedPointId } from './review-point-ids';

/** A data row of a generated source: the review it must be stored as, or why it is skipped. */
export type SourceRow =
  | { row: number; id: string; text: string; skip?: undefined }
  | { row: number; skip: string };

const WORDS = ['tone', 'warm', 'neck', 'fret', 'buzz', 'string', 'pickup', 'bright', 'action', 'case'];

/** Words in row `row`'s review: 1 to 60, with ties; every 10th row 150 to 300. */
function wordCount(row: number): number {
  return row % 10 === 0 ? 150 + ((row * 31) % 151) : 1 + ((row * 7919) % 60);
}

/**
 * A reviews CSV of `count` rows whose texts vary strongly in length, written to
 * a temporary file, with what each row must become, worked out here (not with
 * the pipeline's functions): every 29th row has an empty text and every 31st a
 * text of spaces (both skipped: empty reviewText), every 41st has 8 fields
 * (skipped, naming its line); every 23rd has no reviewerID (its id comes from
 * its content) and every 17th a text over two lines (so lines and rows differ).
 */
export function writeVariedLengthReviews(count: number): { file: string; rows: SourceRow[] } {
  const lines: string[] = [];
  const rows: SourceRow[] = [];
  let line = 2;
  for (let row = 1; row <= count; row += 1) {
    const words = Array.from({ length: wordCount(row) }, (_, i) => WORDS[(row + i) % WORDS.length]);
    const text = `Review ${row}:${row % 17 === 0 ? '\n' : ' '}${words.join(' ')}.`;
    const reviewerID = row % 23 === 0 ? '' : `R${row}`;
    const summary = `Summary ${row}`;
    const fields = [reviewerID, `B${row % 7}`, `Player ${row}`, '"[0, 1]"', `"${text}"`, '4.0', summary, '1393545600', '"02 28, 2014"'];
    if (row % 29 === 0) fields[4] = '""';
    else if (row % 31 === 0) fields[4] = '"   "';
    else if (row % 41 === 0) fields.splice(5, 1);
    lines.push(fields.join(','));
    const span = fields[4]!.split('\n').length;
    if (row % 29 === 0 || row % 31 === 0) rows.push({ row, skip: 'empty reviewText' });
    else if (row % 41 === 0) rows.push({ row, skip: `8 fields where the header has 9 (${span > 1 ? `lines ${line}-${line + span - 1}` : `line ${line}`})` });
    else rows.push({ row, id: expectedPointId({ reviewerID, asin: `B${row % 7}`, summary, reviewText: text }), text });
    line += span;
  }
  return { file: writeTempFile('varied-length-reviews.csv', [CSV_HEADER, ...lines].join('\n') + '\n'), rows };
}
