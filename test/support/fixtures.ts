import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export const CSV_HEADER = 'reviewerID,asin,reviewerName,helpful,reviewText,overall,summary,unixReviewTime,reviewTime';

/**
 * A small reviews CSV written by the tests: quoted fields with commas,
 * newlines and doubled quotes, an empty text (row 3), non-ASCII text, and a
 * row without reviewerID (row 5, identified by content).
 */
export const FIXTURE_CSV = [
  CSV_HEADER,
  'A1,B001,"Ann, the player","[1, 2]","Great strings, they stay in tune for weeks.",5.0,Stay in tune,1393545600,"02 28, 2014"',
  'A2,B001,Bob,"[0, 0]","First line of the review.\r\nSecond line with a ""quoted"" word.",4.0,Two lines,1363392000,"03 16, 2013"',
  'A3,B002,Cid,"[0, 0]",,3.0,No text at all,1377648000,"08 28, 2013"',
  'A4,B003,Dée,"[3, 3]","Excelente sonido de guitarra — très bien, 日本語 ✓",5.0,Sonido,1392336000,"02 14, 2014"',
  ',B004,Anonymous,"[0, 1]","The cable hums and crackles; returned it.",1.0,Noisy cable,1356998400,"01 1, 2013"',
].join('\r\n') + '\r\n';

export const FIXTURE_EXPECTED = { read: 5, skipped: 1, stored: 4, skippedRow: 3 };

/** Writes `content` into a fresh temporary file (gzipped when the name ends in .gz). */
export function writeTempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-fixture-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(content) : content);
  return file;
}
