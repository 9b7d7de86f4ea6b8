import { reviewFromRecord, reviewPointId } from './review';

describe('reviewFromRecord', () => {
  it('keeps the CSV field names, parses numbers and helpful votes, and measures the text', () => {
    const review = reviewFromRecord({
      reviewerID: 'A1',
      asin: 'B1',
      reviewerName: 'Ann',
      helpful: '[3, 7]',
      reviewText: '  Great tone.  ',
      overall: '4.0',
      summary: 'Nice',
      unixReviewTime: '1393545600',
      reviewTime: '02 28, 2014',
    });
    expect(review).toEqual({
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
    });
  });

  it('turns missing or malformed values into null instead of NaN', () => {
    const review = reviewFromRecord({ reviewText: 'ok', overall: 'five', helpful: 'n/a' });
    expect(review).toMatchObject({ overall: null, helpful: null, unixReviewTime: null, reviewerID: '', textLength: 2 });
  });
});

describe('reviewPointId', () => {
  const base = { reviewerID: 'A1', asin: 'B1', reviewText: 'text', summary: 's' };

  it('is a UUID that depends only on reviewer and product when both are known', () => {
    const id = reviewPointId(base);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reviewPointId({ ...base, reviewText: 'edited text' })).toBe(id);
    expect(reviewPointId({ ...base, asin: 'B2' })).not.toBe(id);
  });

  it('falls back to the content when the reviewer is unknown', () => {
    const anonymous = { ...base, reviewerID: '' };
    expect(reviewPointId(anonymous)).toBe(reviewPointId({ ...anonymous, asin: 'B9' }));
    expect(reviewPointId(anonymous)).not.toBe(reviewPointId({ ...anonymous, reviewText: 'other' }));
  });
});
