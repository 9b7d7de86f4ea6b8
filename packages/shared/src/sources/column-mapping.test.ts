import { givenMapping, givenMappingSchema, mergeMappings, resolveMapping } from './column-mapping';

const CORPUS = ['reviewerID', 'asin', 'reviewerName', 'helpful', 'reviewText', 'overall', 'summary', 'unixReviewTime', 'reviewTime'];

describe('resolveMapping', () => {
  it("needs nothing for the corpus: its roles, its id columns, and every other column kept", () => {
    expect(resolveMapping(undefined, CORPUS)).toEqual({
      text: ['reviewText'],
      title: 'summary',
      rating: 'overall',
      group: 'asin',
      id: ['reviewerID', 'asin'],
      date: 'unixReviewTime',
      keep: ['reviewerID', 'reviewerName', 'helpful', 'reviewTime'],
    });
  });

  it('gives the roles a source lacks none, and ids from the content when an id column is missing', () => {
    expect(resolveMapping(undefined, ['reviewerID', 'reviewText', 'note'])).toEqual({
      text: ['reviewText'],
      title: null,
      rating: null,
      group: null,
      id: [],
      date: null,
      keep: ['reviewerID', 'note'],
    });
  });

  it('maps other names; a role given as null has none even when the corpus column is there', () => {
    const mapping = resolveMapping({ text: ['body'], rating: 'stars', title: null, id: ['ticket'] }, ['ticket', 'body', 'stars', 'summary', 'extra']);
    expect(mapping).toEqual({ text: ['body'], title: null, rating: 'stars', group: null, id: ['ticket'], date: null, keep: ['ticket', 'extra'] });
  });

  it('names the columns the source has when a mapped column is missing', () => {
    expect(() => resolveMapping({ rating: 'stars' }, ['reviewText', 'score'])).toThrow(
      "the source has no 'stars' column for the review rating; its columns are: reviewText, score (name it with mapping.rating in POST /ingest, or --rating in pnpm ingest)",
    );
    expect(() => resolveMapping(undefined, ['text', 'stars'])).toThrow(/^the source has no 'reviewText' column for the review text; its columns are: text, stars/);
    expect(() => resolveMapping({ id: ['ticket'] }, ['reviewText'])).toThrow(/no 'ticket' column for the review id/);
    expect(() => resolveMapping({ keep: ['nope'] }, ['reviewText'])).toThrow(/no 'nope' column to keep/);
  });

  it('quotes no column name that looks like a token, and says how many it left out', () => {
    const token = 'sk4e9a7c1f5b2d8e6a77';
    expect(() => resolveMapping(undefined, ['text', token])).toThrow(/its columns are: text and 1 more \(/);
    expect(() => resolveMapping(undefined, [token])).toThrow(/its 1 columns have names that are not shown/);
  });

  it("refuses to keep a column under a name a review's own field has; keeps at most the columns asked for", () => {
    expect(() => resolveMapping({ text: ['body'], keep: ['summary'], title: 'subject' }, ['body', 'subject', 'summary'])).toThrow(
      "cannot keep column 'summary': a review's own 'summary' field has that name (map it as its role, or leave it out of keep)",
    );
    expect(resolveMapping({ text: ['body'], keep: ['b'] }, ['body', 'a', 'b']).keep).toEqual(['b']);
    // Left out of keep: a column whose name a role's field has (it is not that role here).
    expect(resolveMapping({ text: ['body'], rating: 'stars' }, ['body', 'stars', 'overall']).keep).toEqual([]);
  });
});

describe('givenMapping and mergeMappings', () => {
  it('takes single columns where lists are allowed, and lets the request win role by role over the environment', () => {
    const given = givenMapping(givenMappingSchema.parse({ text: 'body', id: 'ticket', title: null }));
    expect(given).toEqual({ text: ['body'], id: ['ticket'], title: null });
    expect(mergeMappings({ text: ['content'], rating: 'score' }, given)).toEqual({ text: ['body'], rating: 'score', id: ['ticket'], title: null });
    expect(mergeMappings(undefined, undefined)).toBeUndefined();
  });

  it('refuses an empty text list and unknown roles', () => {
    expect(givenMappingSchema.safeParse({ text: [] }).success).toBe(false);
    expect(givenMappingSchema.safeParse({ body: 'x' }).success).toBe(false);
  });
});
