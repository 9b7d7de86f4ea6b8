export interface TitleQuery {
  /** The review's title, used as the query. */
  query: string;
  /** The point id of the review it titles: the one relevant result. */
  relevant: string;
}

/** A review as the title queries need it: its id, its title, and whether it has text. */
export interface ReviewTitle {
  id: string;
  title: string;
  hasText: boolean;
}

/** Titles that say nothing about their review (3 words or more; shorter ones are dropped anyway). */
const GENERIC = new Set([
  'does the job', 'easy to use', 'works as expected', 'works as advertised', 'as advertised', 'just as described',
  'does what it should', 'does what it says', 'good for the price', 'great for the price', 'great for the money',
  'good value for money', 'great product', 'what can i say', 'it works great', 'works like a charm', 'works great',
  'exactly as described', 'you get what you pay for', 'good product', 'excellent product', 'as expected',
]);

const titleKey = (title: string) => title.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '').trim();

/**
 * Title queries: each review's title (`summary`) is a query whose one relevant
 * document is that review. Titles of fewer than 3 words, generic titles, and
 * titles shared by several reviews (no single right answer) are left out, as
 * are reviews without text. Only the titles are held, not the reviews.
 */
export function titleQueriesOf(titles: Iterable<ReviewTitle>): TitleQuery[] {
  const rows: TitleQuery[] = [];
  const seen = new Map<string, number>();
  for (const { id, title: given, hasText } of titles) {
    const title = (given ?? '').trim();
    const key = titleKey(title);
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (!hasText || title.split(/\s+/).length < 3 || GENERIC.has(key)) continue;
    rows.push({ query: title, relevant: id });
  }
  return rows.filter((q) => seen.get(titleKey(q.query)) === 1);
}
