import type { ScoredReview } from '@review-search/shared';
import { foldDuplicates, normalisedText } from './collapse';

const review = (id: string, reviewText: string, vector?: number[]): ScoredReview => ({
  id,
  score: 0,
  review: { reviewText } as ScoredReview['review'],
  ...(vector ? { vector } : {}),
});

describe('foldDuplicates', () => {
  it('reads texts apart from case, whitespace and punctuation only', () => {
    expect(normalisedText('  Good   strings!!! ')).toBe('good strings');
    expect(normalisedText('GOOD, strings.')).toBe(normalisedText('good strings'));
    expect(normalisedText('Very good strings')).not.toBe(normalisedText('good strings'));
  });

  it('keeps the best-ranked of a group where it was, with the others counted in rank order', () => {
    const folded = foldDuplicates([review('a', 'good strings'), review('b', 'Other'), review('c', 'Good strings.'), review('d', 'GOOD STRINGS')]);
    expect(folded.map((r) => r.id)).toEqual(['a', 'b']);
    expect(folded[0]!.duplicates).toEqual({ count: 2, ids: ['c', 'd'] });
    expect(folded[1]!.duplicates).toBeUndefined();
  });

  it('folds by dense cosine at 0.97 and above, not below, and through any member of a group', () => {
    const angle = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
    // cos 14° = 0.9703, cos 15° = 0.9659.
    const folded = foldDuplicates([
      review('a', 'one', angle(0)),
      review('b', 'two', angle(14)),
      review('c', 'three', angle(28)), // 0.88 to a, 0.97 to b: joins a's group through b
      review('d', 'four', angle(43)), // 0.9659 to c: a group of its own
    ]);
    expect(folded.map((r) => [r.id, r.duplicates?.ids])).toEqual([
      ['a', ['b', 'c']],
      ['d', undefined],
    ]);
  });
});
