import type { ReviewRow } from '@review-search/shared';
import { LengthBuckets } from './length-buckets';

/** A row whose review text has `length` characters. */
function row(n: number, length: number): ReviewRow {
  const reviewText = 'x'.repeat(length);
  return {
    row: n,
    review: {
      reviewerID: `R${n}`,
      asin: 'B1',
      reviewerName: '',
      helpful: null,
      reviewText,
      overall: null,
      summary: '',
      unixReviewTime: null,
      reviewTime: '',
      textLength: length,
    },
  };
}

/** Rows and lengths as `[row, length]` pairs, for short failure messages. */
function shape(batches: ReviewRow[][]): [number, number][][] {
  return batches.map((batch) => batch.map((r) => [r.row, r.review.reviewText.length]));
}

function addAll(buckets: LengthBuckets, rows: ReviewRow[]): ReviewRow[][][] {
  return rows.map((r) => buckets.add(r));
}

describe('LengthBuckets', () => {
  it('holds rows until the window is full, then cuts it into batches ordered by text length, ties by row number', () => {
    const buckets = new LengthBuckets({ batchSize: 2, window: 6 });
    const lengths = [50, 3, 20, 3, 7, 1];
    const cuts = addAll(buckets, lengths.map((length, i) => row(i + 1, length)));
    expect(cuts.slice(0, 5).every((batches) => batches.length === 0)).toBe(true);
    expect(shape(cuts[5]!)).toEqual([
      [[6, 1], [2, 3]],
      [[4, 3], [5, 7]],
      [[3, 20], [1, 50]],
    ]);
    expect(buckets.flush()).toEqual([]);
  });

  it('orders each window on its own, and cuts the rows left at the end the same way (the last batch short)', () => {
    const buckets = new LengthBuckets({ batchSize: 2, window: 4 });
    const cuts = addAll(buckets, [9, 8, 7, 6, 5, 4, 3, 2, 1].map((length, i) => row(i + 1, length)));
    expect(shape(cuts[3]!)).toEqual([[[4, 6], [3, 7]], [[2, 8], [1, 9]]]);
    expect(shape(cuts[7]!)).toEqual([[[8, 2], [7, 3]], [[6, 4], [5, 5]]]);
    expect(shape(buckets.flush())).toEqual([[[9, 1]]]);
  });

  it('rounds the window down to whole batches', () => {
    const buckets = new LengthBuckets({ batchSize: 4, window: 10 });
    const cuts = addAll(buckets, Array.from({ length: 8 }, (_, i) => row(i + 1, 100 - i)));
    expect(cuts.map((batches) => batches.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
    expect(cuts[7]!.flat().map((r) => r.row)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('keeps file order when the window is no larger than a batch', () => {
    for (const window of [0, 1, 3]) {
      const buckets = new LengthBuckets({ batchSize: 3, window });
      const cuts = addAll(buckets, [30, 10, 20, 5, 1].map((length, i) => row(i + 1, length)));
      expect(cuts.map((batches) => shape(batches))).toEqual([[], [], [[[1, 30], [2, 10], [3, 20]]], [], []]);
      expect(shape(buckets.flush())).toEqual([[[4, 5], [5, 1]]]);
    }
  });

  it('cuts the same rows into the same batches every time, each row in exactly one', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i + 1, (i * 37) % 11));
    const run = () => {
      const buckets = new LengthBuckets({ batchSize: 4, window: 16 });
      return [...addAll(buckets, rows).flat(), ...buckets.flush()];
    };
    const first = run();
    expect(shape(run())).toEqual(shape(first));
    expect(first.flat().map((r) => r.row).sort((a, b) => a - b)).toEqual(rows.map((r) => r.row));
  });
});
