import { openSource, readSourceReviews, titleQueriesOf, type TitleQuery } from '@review-search/shared';

export type { TitleQuery } from '@review-search/shared';

/**
 * The evaluation's queries from a corpus file: each review's title
 * (`summary`) is a query whose one relevant document is that review (the
 * same rules as a build's calibration: `titleQueriesOf`).
 */
export async function titleQueries(source: string): Promise<TitleQuery[]> {
  // The operator's evaluation: any file or address it names.
  const opened = await openSource(source, { origin: 'operator' });
  const reviews = [];
  for await (const read of readSourceReviews(opened.stream, { maxBytes: opened.maxBytes })) reviews.push(read);
  return titleQueriesOf(reviews);
}
