import type { ColumnMapping } from '../sources/column-mapping';
import type { SourceRecord, SourceValue } from '../sources/source-records';
import { reviewPointId, type Review } from './review';
import { csvCell, valueNumber, valueSeconds, valueText } from './review-values';

/** Between the texts of a review mapped from several columns. */
export const TEXT_JOINER = '\n\n';

export interface ReadReview {
  id: string;
  review: Review;
}

export interface ReviewReading {
  mapping: ColumnMapping;
  /** A CSV's cells are all text: one holding a JSON list (`[3, 7]`) is kept as that list. */
  textCells: boolean;
}

/**
 * The review a record makes under a build's mapping, with its point id; a
 * reason instead when it makes none (its text is empty).
 */
export function reviewFromSource(fields: SourceRecord['fields'], reading: ReviewReading): ReadReview | { skip: string } {
  const { mapping } = reading;
  const reviewText = mapping.text
    .map((name) => valueText(fields[name]).trim())
    .filter((text) => text !== '')
    .join(TEXT_JOINER);
  if (reviewText === '') return { skip: `empty ${mapping.text.join(' and ')}` };
  const review: Review = {
    reviewText,
    summary: mapping.title === null ? '' : valueText(fields[mapping.title]),
    overall: mapping.rating === null ? null : valueNumber(fields[mapping.rating]),
    asin: mapping.group === null ? '' : valueText(fields[mapping.group]).trim(),
    unixReviewTime: mapping.date === null ? null : valueSeconds(fields[mapping.date]),
    textLength: reviewText.length,
  };
  for (const name of mapping.keep) review[name] = kept(fields[name], reading.textCells);
  const idValues = mapping.id.map((name) => valueText(fields[name]).trim());
  return { id: reviewPointId(idValues, review), review };
}

function kept(value: SourceValue | undefined, textCells: boolean): SourceValue {
  return textCells ? csvCell(value) : (value ?? null);
}
