import type { Review } from '@review-search/shared';
import { CSV_HEADER } from './fixtures';

export { CSV_HEADER };

/** One CSV line with the corpus's columns, and the review it must be stored as. */
export interface ReviewLine {
  line: string;
  review: Review;
}

/** A review of a product of its own (`id`), whose text is `text` as the CSV holds it (quoted). */
export function reviewLine(id: string, text: string, stored = text): ReviewLine {
  const review: Review = {
    reviewerID: `R-${id}`,
    asin: `B-${id}`,
    reviewerName: `Reviewer ${id}`,
    helpful: [1, 2],
    reviewText: stored,
    overall: 4,
    summary: `Summary ${id}`,
    unixReviewTime: 1393545600,
    reviewTime: '02 28, 2014',
    textLength: stored.length,
  };
  const fields = [review.reviewerID, review.asin, review.reviewerName, '"[1, 2]"', `"${text.replaceAll('"', '""')}"`];
  return { line: [...fields, '4.0', review.summary, '1393545600', '"02 28, 2014"'].join(','), review };
}

/** `count` distinct reviews, `R-<prefix>-1` onwards. */
export function reviewLines(prefix: string, count: number): ReviewLine[] {
  const sounds = ['warm', 'bright', 'muddy', 'crisp', 'thin', 'punchy', 'smooth', 'harsh'];
  return Array.from({ length: count }, (_, i) =>
    reviewLine(`${prefix}-${i + 1}`, `Review ${i + 1} of ${prefix}: the ${sounds[i % sounds.length]} tone of this pedal, take ${i + 1}.`),
  );
}

/** A CSV file's text: the corpus header, then the lines, CRLF-separated like the corpus. */
export function csvText(lines: readonly string[]): string {
  return [CSV_HEADER, ...lines].join('\r\n') + '\r\n';
}
