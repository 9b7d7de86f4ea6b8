import { rankAmongPairs } from './similarity.service';

describe('rankAmongPairs: where a similarity stands among the random pairs', () => {
  it('says "every one" only when the pair beats them all, and "no higher than any" only when it beats none', () => {
    expect(rankAmongPairs(19_900, 19_900)).toBe('Higher than every one of the 19,900 random pairs');
    expect(rankAmongPairs(0, 19_900)).toBe('No higher than any of the 19,900 random pairs');
  });

  it('never rounds to 100% or 0%: near the ends it counts the pairs instead', () => {
    // 19,899 of 19,900 is 99.995%, which one decimal would print as 100%.
    expect(rankAmongPairs(19_899, 19_900)).toBe('Higher than all but 1 of the 19,900 random pairs');
    expect(rankAmongPairs(19_891, 19_900)).toBe('Higher than all but 9 of the 19,900 random pairs');
    // 1 of 19,900 is 0.005%, which one decimal would print as 0%.
    expect(rankAmongPairs(1, 19_900)).toBe('Higher than only 1 of the 19,900 random pairs');
    expect(rankAmongPairs(9, 19_900)).toBe('Higher than only 9 of the 19,900 random pairs');
  });

  it('gives a percentage to one decimal in between', () => {
    expect(rankAmongPairs(19_880, 19_900)).toBe('Higher than 99.9% of the 19,900 random pairs');
    expect(rankAmongPairs(10, 19_900)).toBe('Higher than 0.1% of the 19,900 random pairs');
    expect(rankAmongPairs(9_950, 19_900)).toBe('Higher than 50% of the 19,900 random pairs');
    expect(rankAmongPairs(170, 171)).toBe('Higher than 99.4% of the 171 random pairs');
  });

  it('for every count of a small and a large baseline, prints no 100% and no 0%', () => {
    for (const pairs of [1, 2, 171, 19_900]) {
      for (let below = 0; below <= pairs; below += 1) {
        const words = rankAmongPairs(below, pairs);
        expect(words).not.toMatch(/\b100%|\b0%|\b0\.0%/);
        expect(words).toMatch(pairs === 1 ? / 1 random pair$/ : new RegExp(` ${pairs.toLocaleString('en-US')} random pairs$`));
      }
    }
  });
});
