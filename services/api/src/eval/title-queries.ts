import { openSource, readSourceReviews, titleQueriesOf, type ReviewTitle, type TitleQuery } from '@review-search/shared';

export type { TitleQuery } from '@review-search/shared';

/**
 * The evaluation's queries from a corpus file: each review's title
 * (`summary`) is a query whose one relevant document is that review (the
 * same rules as a build's calibration: `titleQueriesOf`). A row without text
 * is no review, but its title still counts against the uniqueness of titles:
 * a title shared with it has no single right answer in the corpus.
 */
export async function titleQueries(source: string): Promise<TitleQuery[]> {
  // The operator's evaluation: any file or address it names.
  const opened = await openSource(source, { origin: 'operator' });
  const titles: ReviewTitle[] = [];
  const onTextless = (summary: string) => titles.push({ id: '', title: summary, hasText: false });
  for await (const { id, review } of readSourceReviews(opened.stream, { maxBytes: opened.maxBytes, onTextless })) {
    titles.push({ id, title: review.summary, hasText: Boolean(review.reviewText) });
  }
  return titleQueriesOf(titles);
}
