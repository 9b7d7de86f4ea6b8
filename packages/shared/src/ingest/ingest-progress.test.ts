import { ingestProgress } from './ingest-progress';
import type { SourceReadState } from './ingest.jobs';

const read = (overrides: Partial<SourceReadState>): SourceReadState => ({
  step: 'reading',
  startedAt: 0,
  read: 0,
  skipped: 0,
  skippedReasons: [],
  batches: 0,
  bytesRead: 0,
  readingDone: false,
  ...overrides,
});

describe('ingestProgress', () => {
  it('is zero before the reader has started', () => {
    expect(ingestProgress(undefined, [], undefined, 1000)).toEqual({
      read: 0, embedded: 0, cached: 0, upserted: 0, skipped: 0, percent: 0, rate: 0, eta: null,
    });
  });

  it('estimates the total from the bytes read while reading', () => {
    const state = read({ read: 1000, skipped: 10, bytesRead: 250, bytesTotal: 1000 });
    const progress = ingestProgress(state, [{ embedded: 390, cached: 0, upserted: 390 }], undefined, 10_000);
    // ~4000 rows expected; 400 done (390 stored + 10 skipped) -> 10 %, 39 reviews/s, 3600 left.
    expect(progress).toEqual({ read: 1000, embedded: 390, cached: 0, upserted: 390, skipped: 10, percent: 10, rate: 39, eta: 92 });
  });

  it('uses the limit when it is below the estimate, and the exact count once reading is done', () => {
    const limited = ingestProgress(read({ read: 50, bytesRead: 10, bytesTotal: 1000 }), [], 100, 1000);
    expect(limited.percent).toBe(0);
    expect(limited.eta).toBeNull();
    const done = ingestProgress(read({ read: 100, skipped: 4, readingDone: true }), [{ embedded: 90, cached: 6, upserted: 96 }], 100, 4000);
    expect(done).toMatchObject({ percent: 100, rate: 24, eta: 0 });
  });

  it('counts by the records a Parquet source declares, not by its bytes (all read before its first row)', () => {
    const state = read({ read: 500, bytesRead: 1000, bytesTotal: 1000, recordsTotal: 2000 });
    expect(ingestProgress(state, [{ embedded: 500, cached: 0, upserted: 500 }], undefined, 10_000).percent).toBe(25);
    expect(ingestProgress(state, [{ embedded: 500, cached: 0, upserted: 500 }], 1000, 10_000).percent).toBe(50);
  });
});
