import type { Readable } from 'node:stream';
import { reviewFromSource, type ReadReview } from '../reviews/review-from-source';
import { valueText } from '../reviews/review-values';
import { resolveMapping, type ColumnMapping, type GivenMapping } from './column-mapping';
import { readSourceRecords, type SourceLayout, type SourceShape } from './source-reader';

export interface SourceReviewsOptions {
  mapping?: GivenMapping;
  layout?: SourceLayout;
  limit?: number;
  /** Bytes a Parquet source may take in its temporary copy (default 1 GiB). */
  maxBytes?: number;
  /** Told the title of each row that is no review (its text is empty), when the mapping has a title. */
  onTextless?(title: string): void;
}

/**
 * The reviews of a source as a build would store them (rows without text left
 * out), with their point ids: for the evaluation and the benchmarks, which read
 * a corpus outside an ingest.
 */
export async function* readSourceReviews(stream: Readable, options: SourceReviewsOptions = {}): AsyncGenerator<ReadReview & { row: number }> {
  let mapping: ColumnMapping | undefined;
  let shape: SourceShape | undefined;
  const records = readSourceRecords(stream, options.layout ?? {}, {
    limit: options.limit,
    maxBytes: options.maxBytes ?? 1024 ** 3,
    onShape: (read) => (shape = read),
    onColumns: (columns) => (mapping = resolveMapping(options.mapping, columns)),
  });
  for await (const record of records) {
    const read = reviewFromSource(record.fields, { mapping: mapping!, textCells: shape!.format === 'csv' });
    if (!('skip' in read)) yield { row: record.row, ...read };
    else if (mapping!.title !== null) options.onTextless?.(valueText(record.fields[mapping!.title]));
  }
}
