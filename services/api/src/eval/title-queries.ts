import { openSource, readCsvRecords, reviewFromRecord, reviewPointId } from '@review-search/shared';

export interface TitleQuery {
  /** The review's title, used as the query. */
  query: string;
  /** The point id of the review it titles: the one relevant result. */
  relevant: string;
}

/** Titles that say nothing about their review (3 words or more; shorter ones are dropped anyway). */
const GENERIC = new Set([
  'does the job', 'easy to use', 'works as expected', 'works as advertised', 'as advertised', 'just as described',
  'does what it should', 'does what it says', 'good for the price', 'great for the price', 'great for the money',
  'good value for money', 'great product', 'what can i say', 'it works great', 'works like a charm', 'works great',
  'exactly as described', 'you get what you pay for', 'good product', 'excellent product', 'as expected',
].map((t) => t.toLowerCase()));

/**
 * The evaluation's queries: each review's title (`summary`) is a query whose
 * one relevant document is that review. Titles of fewer than 3 words, generic
 * titles, and titles shared by several reviews (no single right answer) are
 * left out, as are reviews without text.
 */
export async function titleQueries(source: string): Promise<TitleQuery[]> {
  // The operator's evaluation: any file or address it names.
  const opened = await openSource(source, { origin: 'operator' });
  const rows: TitleQuery[] = [];
  const seen = new Map<string, number>();
  for await (const record of readCsvRecords(opened.stream)) {
    const review = reviewFromRecord(record.fields);
    const title = review.summary.trim();
    const key = title.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '').trim();
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (review.reviewText === '' || title.split(/\s+/).length < 3 || GENERIC.has(key)) continue;
    rows.push({ query: title, relevant: reviewPointId(review) });
  }
  return rows.filter((q) => seen.get(q.query.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '').trim()) === 1);
}
