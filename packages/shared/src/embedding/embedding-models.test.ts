import { InvalidEmbeddingError } from '../errors';
import type { Embedder } from './embedder.port';
import { EMBEDDING_MODELS, withModelSpec } from './embedding-models';

function recording(dimension = 2) {
  const seen: string[][] = [];
  const embedder: Embedder = {
    model: 'fake',
    dimension,
    async embed(texts) {
      seen.push([...texts]);
      return texts.map(() => [1, 0]);
    },
  };
  return { embedder, seen };
}

describe('embedding model specs', () => {
  it("adds e5's query and passage prefixes, and bge's query instruction only to queries", async () => {
    const e5 = recording();
    const wrapped = withModelSpec(e5.embedder, { ...EMBEDDING_MODELS['Xenova/multilingual-e5-small'], dimension: undefined });
    await wrapped.embed(['buen sonido'], 'query');
    await wrapped.embed(['Great tone.']);
    expect(e5.seen).toEqual([['query: buen sonido'], ['passage: Great tone.']]);

    const bge = recording();
    const bgeWrapped = withModelSpec(bge.embedder, { ...EMBEDDING_MODELS['Xenova/bge-small-en-v1.5'], dimension: undefined });
    await bgeWrapped.embed(['strings'], 'query');
    await bgeWrapped.embed(['strings']);
    expect(bge.seen).toEqual([['Represent this sentence for searching relevant passages: strings'], ['strings']]);
  });

  it('refuses vectors of the wrong length', async () => {
    const bad = recording(3);
    await expect(withModelSpec(bad.embedder, {}).embed(['x'])).rejects.toThrow(InvalidEmbeddingError);
    await expect(withModelSpec(bad.embedder, {}).embed(['x'])).rejects.toThrow(/vector of length 2 \(text 0\), expected 3/);
  });

  it('knows the models the product names', () => {
    expect(Object.keys(EMBEDDING_MODELS)).toEqual(
      expect.arrayContaining(['use-lite', 'Xenova/all-MiniLM-L6-v2', 'Xenova/paraphrase-multilingual-MiniLM-L12-v2', 'Xenova/bge-small-en-v1.5']),
    );
  });
});
