import { documentTerms, queryTerms, termIndex, terms } from './bm25-terms';

describe('BM25 terms', () => {
  it('keeps lower-cased words and numbers, drops stopwords and punctuation', () => {
    expect(terms('The strings, for my Gibson ES-335, are GREAT!')).toEqual(['strings', 'gibson', 'es', '335', 'great']);
  });

  it('weighs repeated terms with saturation, and longer documents less', () => {
    const once = documentTerms('strings sound bright');
    const twice = documentTerms('strings strings sound');
    const weight = (v: { indices: number[]; values: number[] }, term: string) => v.values[v.indices.indexOf(termIndex(term))]!;
    expect(weight(twice, 'strings')).toBeGreaterThan(weight(once, 'strings'));
    expect(weight(twice, 'strings')).toBeLessThan(2 * weight(once, 'strings'));
    const long = documentTerms(`strings ${'word '.repeat(200)}`);
    expect(weight(long, 'strings')).toBeLessThan(weight(once, 'strings'));
  });

  it('gives a query each distinct term once, with the same indices as documents', () => {
    const query = queryTerms('strings Strings tune');
    expect(query.values).toEqual([1, 1]);
    expect(query.indices).toEqual([termIndex('strings'), termIndex('tune')]);
    expect(documentTerms('tune').indices).toEqual([termIndex('tune')]);
  });
});
