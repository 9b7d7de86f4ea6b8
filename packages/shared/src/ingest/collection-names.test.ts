import { buildCollectionName, isBuildOf } from './collection-names';

describe('isBuildOf', () => {
  const now = new Date('2026-11-28T14:35:01Z');

  it.each(['use-lite', 'Xenova/all-MiniLM-L6-v2', './models/tiny-bert', 'a'.repeat(59) + '/b'.repeat(10)])('a build of the alias with %s is its own', (model) => {
    expect(isBuildOf('reviews', buildCollectionName('reviews', model, now))).toBe(true);
  });

  it("never the alias itself, another alias's builds, or a name it did not make", () => {
    expect(isBuildOf('reviews', 'reviews')).toBe(false);
    // Another alias whose name starts like this one's builds.
    expect(isBuildOf('reviews', buildCollectionName('reviews--eu', 'use-lite', now))).toBe(false);
    expect(isBuildOf('reviews--eu', buildCollectionName('reviews', 'use-lite', now))).toBe(false);
    expect(isBuildOf('reviews', buildCollectionName('shop', 'use-lite', now))).toBe(false);
    for (const name of ['reviews--', 'reviews--use-lite', 'reviews--use-lite--today', 'reviews--use-lite--20261128-143501-a1b2-x', 'xreviews--use-lite--20261128-143501-a1b2']) {
      expect({ name, own: isBuildOf('reviews', name) }).toEqual({ name, own: false });
    }
  });
});
