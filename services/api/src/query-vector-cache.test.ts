import type { Embedder, TextKind } from '@review-search/shared';
import { cachingQueries, queryVectorCache } from './query-vector-cache';

const MODEL = 'use-lite';

describe('query vector cache', () => {
  it('holds at most `entries` vectors and drops the least recently used first', () => {
    const cache = queryVectorCache({ entries: 2, maxChars: 100 });
    cache.set(MODEL, 'query', 'a', [1]);
    cache.set(MODEL, 'query', 'b', [2]);
    expect(cache.get(MODEL, 'query', 'a')).toEqual([1]); // `a` is now the most recently used
    cache.set(MODEL, 'query', 'c', [3]);
    expect(cache.get(MODEL, 'query', 'b')).toBeUndefined();
    expect(cache.get(MODEL, 'query', 'a')).toEqual([1]);
    expect(cache.get(MODEL, 'query', 'c')).toEqual([3]);
    expect(cache.stats()).toEqual({ hits: 3, misses: 1, entries: 2, hitRate: 0.75 });
  });

  it('tells texts apart by model and kind', () => {
    const cache = queryVectorCache({ entries: 10, maxChars: 100 });
    cache.set(MODEL, 'query', 'strings', [1]);
    expect(cache.get('Xenova/all-MiniLM-L6-v2', 'query', 'strings')).toBeUndefined();
    expect(cache.get(MODEL, 'passage', 'strings')).toBeUndefined();
    expect(cache.get(MODEL, 'query', 'strings')).toEqual([1]);
  });

  it('neither holds nor counts texts longer than `maxChars`', () => {
    const cache = queryVectorCache({ entries: 10, maxChars: 5 });
    cache.set(MODEL, 'query', 'abcdef', [1]);
    expect(cache.get(MODEL, 'query', 'abcdef')).toBeUndefined();
    cache.set(MODEL, 'query', 'abcde', [2]);
    expect(cache.get(MODEL, 'query', 'abcde')).toEqual([2]);
    expect(cache.stats()).toEqual({ hits: 1, misses: 0, entries: 1, hitRate: 1 });
  });

  it('holds nothing with 0 entries', () => {
    const cache = queryVectorCache({ entries: 0, maxChars: 100 });
    cache.set(MODEL, 'query', 'a', [1]);
    expect(cache.get(MODEL, 'query', 'a')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, entries: 0, hitRate: 0 });
  });

  it('hands out copies: neither the vector given nor one handed out changes what is held', () => {
    const cache = queryVectorCache({ entries: 10, maxChars: 100 });
    const given = [0.6, 0.8];
    cache.set(MODEL, 'query', 'a', given);
    given[0] = 9;
    const first = cache.get(MODEL, 'query', 'a')!;
    first[1] = 9;
    expect(cache.get(MODEL, 'query', 'a')).toEqual([0.6, 0.8]);
  });
});

describe('cachingQueries', () => {
  /** Embeds each text as [its length, its first char code], recording every call. */
  function countingEmbedder() {
    const calls: { texts: string[]; kind?: TextKind }[] = [];
    const embedder: Embedder = {
      model: MODEL,
      dimension: 2,
      async embed(texts, kind) {
        calls.push({ texts: [...texts], kind });
        return texts.map((t) => [t.length, t.charCodeAt(0)]);
      },
    };
    return { embedder, calls };
  }

  it('sends the model only the queries it has not embedded before, and answers in order', async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = cachingQueries(MODEL, embedder, queryVectorCache({ entries: 10, maxChars: 100 }));
    expect(await cached.embed(['ab'], 'query')).toEqual([[2, 97]]);
    expect(await cached.embed(['ab'], 'query')).toEqual([[2, 97]]);
    expect(await cached.embed(['xyz', 'ab'], 'query')).toEqual([[3, 120], [2, 97]]);
    expect(calls).toEqual([
      { texts: ['ab'], kind: 'query' },
      { texts: ['xyz'], kind: 'query' },
    ]);
  });

  it('embeds passages every time', async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = cachingQueries(MODEL, embedder, queryVectorCache({ entries: 10, maxChars: 100 }));
    await cached.embed(['ab']);
    await cached.embed(['ab'], 'passage');
    expect(calls).toEqual([{ texts: ['ab'], kind: undefined }, { texts: ['ab'], kind: 'passage' }]);
  });
});
