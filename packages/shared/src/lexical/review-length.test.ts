import { reviewLength, ReviewLengthSample } from './review-length';

describe('review length as BM25 counts it', () => {
  it('counts words of letters and digits, English stopwords out', () => {
    expect(reviewLength('Great strings, they stay in tune for weeks.')).toBe(5);
    // "don't" is split into "don" and "t", both stopwords; "D'Addario" into "d" (a stopword) and "addario".
    expect(reviewLength("I don't like D'Addario's 10-46 set")).toBe(5);
    expect(reviewLength('日本語 ✓ très')).toBe(2);
    expect(reviewLength('')).toBe(0);
  });

  it('averages the reviews it is shown', () => {
    const sample = new ReviewLengthSample();
    expect(sample.mean()).toBe(0);
    sample.add('Great strings, they stay in tune for weeks.');
    sample.add('The cable hums and crackles; returned it.');
    expect(sample).toMatchObject({ count: 2 });
    expect(sample.mean()).toBe(4.5);
  });
});
