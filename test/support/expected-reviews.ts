import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { reviewFromRecord, reviewPointId, type VectorStore } from '@review-search/shared';

/** The reviews the first `rows` rows of a CSV must become, keyed by point id, read independently of the pipeline. */
export function expectedReviews(file: string, rows: number): Map<string, string> {
  const raw = fs.readFileSync(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  const records: Record<string, string>[] = parse(text, { columns: true, to: rows });
  const expected = new Map<string, string>();
  for (const record of records) {
    const review = reviewFromRecord(record);
    if (review.reviewText !== '') expected.set(reviewPointId(review), review.reviewText);
  }
  return expected;
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
