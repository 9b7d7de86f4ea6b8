import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { VectorStore } from '@review-search/shared';
import { expectedPointId } from './review-point-ids';

/**
 * The reviews the first `rows` rows of a CSV must become, keyed by point id,
 * computed from the file without any of the pipeline's code: csv-parse reads
 * it, the fields are taken as the documented rule says (reviewerID, asin and
 * reviewText trimmed, summary as it is; a row whose text is empty is no
 * review), and the id is derived by `expectedPointId` (UUID v5 by hand, not
 * the pipeline's `reviewPointId`). A later row with the same id replaces an
 * earlier one, as a point written twice would.
 */
export function expectedReviews(file: string, rows: number): Map<string, string> {
  const expected = new Map<string, string>();
  for (const row of expectedRows(file, rows)) if (row) expected.set(row.id, row.reviewText);
  return expected;
}

/** Row by row (index 0 = CSV row 1), the point id and text each row must become, or null for a row that is no review (empty text). */
export function expectedRows(file: string, rows: number): ({ id: string; reviewText: string } | null)[] {
  const raw = fs.readFileSync(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  const records: Record<string, string | undefined>[] = parse(text, { columns: true, to: rows });
  return records.map((record) => {
    const reviewText = (record.reviewText ?? '').trim();
    if (reviewText === '') return null;
    const id = expectedPointId({
      reviewerID: (record.reviewerID ?? '').trim(),
      asin: (record.asin ?? '').trim(),
      summary: record.summary ?? '',
      reviewText,
    });
    return { id, reviewText };
  });
}

/** Every point of a collection (or alias): id to review text, and how many points were read. */
export async function storedReviews(store: VectorStore, collection: string, model: string): Promise<{ byId: Map<string, string>; points: number }> {
  const byId = new Map<string, string>();
  let points = 0;
  for await (const stored of store.scrollReviews(collection, model)) {
    points += 1;
    byId.set(stored.id, stored.review.reviewText);
  }
  return { byId, points };
}
