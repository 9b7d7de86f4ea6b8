import {
  openSource,
  readSourceRecords,
  resolveMapping,
  reviewFromSource,
  titleQueriesOf,
  type ColumnMapping,
  type Review,
  type SourceShape,
  type TitleQuery,
} from '@review-search/shared';

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
  let mapping: ColumnMapping | undefined;
  let shape: SourceShape | undefined;
  const records = readSourceRecords(opened.stream, {}, {
    maxBytes: opened.maxBytes,
    onShape: (read) => (shape = read),
    onColumns: (columns) => (mapping = resolveMapping(undefined, columns)),
  });
  const reviews: { id: string; review: Pick<Review, 'summary' | 'reviewText'> }[] = [];
  for await (const record of records) {
    const read = reviewFromSource(record.fields, { mapping: mapping!, textCells: shape!.format === 'csv' });
    if (!('skip' in read)) reviews.push(read);
    else if (mapping!.title !== null) reviews.push({ id: '', review: { summary: String(record.fields[mapping!.title] ?? ''), reviewText: '' } });
  }
  return titleQueriesOf(reviews);
}
