import { resolveMapping } from '../sources/column-mapping';
import { expectedPointId } from '../../../../test/support/review-point-ids';
import { reviewPointId } from './review';
import { reviewFromSource } from './review-from-source';

const corpusRecord = {
  reviewerID: 'A1',
  asin: 'B1',
  reviewerName: 'Ann',
  helpful: '[3, 7]',
  reviewText: '  Great tone.  ',
  overall: '4.0',
  summary: 'Nice',
  unixReviewTime: '1393545600',
  reviewTime: '02 28, 2014',
};

describe('reviewFromSource', () => {
  it("stores the corpus's CSV as it always was: its own field names, numbers parsed, helpful votes as a list, the text measured", () => {
    const mapping = resolveMapping(undefined, Object.keys(corpusRecord));
    const read = reviewFromSource(corpusRecord, { mapping, textCells: true });
    expect(read).toEqual({
      id: reviewPointId(['A1', 'B1'], { reviewText: 'Great tone.', summary: 'Nice' }),
      review: {
        reviewerID: 'A1',
        asin: 'B1',
        reviewerName: 'Ann',
        helpful: [3, 7],
        reviewText: 'Great tone.',
        overall: 4,
        summary: 'Nice',
        unixReviewTime: 1393545600,
        reviewTime: '02 28, 2014',
        textLength: 11,
      },
    });
  });

  it('turns missing or malformed values into null instead of NaN, and keeps a kept cell that is not a list as text', () => {
    const mapping = resolveMapping(undefined, ['reviewText', 'overall', 'helpful', 'unixReviewTime']);
    const read = reviewFromSource({ reviewText: 'ok', overall: 'five', helpful: 'n/a', unixReviewTime: 'yesterday' }, { mapping, textCells: true });
    expect(read).toEqual({ id: expect.any(String), review: expect.objectContaining({ overall: null, helpful: 'n/a', unixReviewTime: null, textLength: 2 }) });
  });

  it('maps other column names: several text columns joined, a rating from a number, dates in ms or ISO 8601, other columns kept as typed', () => {
    const columns = ['ticket', 'subject', 'body', 'notes', 'stars', 'app', 'created', 'tags', 'vip'];
    const mapping = resolveMapping({ text: ['body', 'notes'], title: 'subject', rating: 'stars', group: 'app', id: ['ticket'], date: 'created' }, columns);
    const fields = { ticket: 42, subject: 'Crash', body: ' It crashes. ', notes: '', stars: 2, app: ' Tuner ', created: '2024-03-01T12:00:00Z', tags: ['ios', 'crash'], vip: true };
    const read = reviewFromSource(fields, { mapping, textCells: false });
    expect(read).toEqual({
      id: reviewPointId(['42'], { reviewText: 'It crashes.', summary: 'Crash' }),
      review: { reviewText: 'It crashes.', summary: 'Crash', overall: 2, asin: 'Tuner', unixReviewTime: 1709294400, textLength: 11, ticket: 42, tags: ['ios', 'crash'], vip: true },
    });
    const both = reviewFromSource({ ...fields, notes: 'Every time.', created: 1709294400123 }, { mapping, textCells: false });
    expect(both).toMatchObject({ review: { reviewText: 'It crashes.\n\nEvery time.', unixReviewTime: 1709294400 } });
  });

  it('gives a reason instead of a review when every text column is empty', () => {
    const mapping = resolveMapping({ text: ['body', 'notes'] }, ['body', 'notes']);
    expect(reviewFromSource({ body: '  ', notes: null }, { mapping, textCells: false })).toEqual({ skip: 'empty body and notes' });
  });
});

describe('reviewPointId', () => {
  const review = { reviewText: 'text', summary: 's' };

  it('is a UUID that depends only on the id values when they are all known', () => {
    const id = reviewPointId(['A1', 'B1'], review);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reviewPointId(['A1', 'B1'], { ...review, reviewText: 'edited text' })).toBe(id);
    expect(reviewPointId(['A1', 'B2'], review)).not.toBe(id);
  });

  it("keeps values that hold ':' apart: `a:b` + `c` and `a` + `b:c` are two reviews; values without ':' keep the corpus's ids", () => {
    expect(reviewPointId(['a:b', 'c'], review)).not.toBe(reviewPointId(['a', 'b:c'], review));
    expect(reviewPointId(['a\\', ':b'], review)).not.toBe(reviewPointId(['a\\:', 'b'], review));
    expect(reviewPointId(['a:b:c'], review)).not.toBe(reviewPointId(['a', 'b', 'c'], review));
    // Computed by the test's own UUID v5 code: the corpus's ids are what they always were.
    expect(reviewPointId(['A2IBPI20UZIR0U', '1384719342'], review)).toBe(
      expectedPointId({ reviewerID: 'A2IBPI20UZIR0U', asin: '1384719342', ...review }),
    );
  });

  it('falls back to the content when an id value is empty, or there are no id columns', () => {
    expect(reviewPointId(['', 'B1'], review)).toBe(reviewPointId(['', 'B9'], review));
    expect(reviewPointId(['', 'B1'], review)).toBe(reviewPointId([], review));
    expect(reviewPointId([], review)).not.toBe(reviewPointId([], { ...review, reviewText: 'other' }));
  });
});
