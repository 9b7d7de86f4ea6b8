import fs from 'node:fs';
import path from 'node:path';
import { InvalidEmbeddingError } from '../errors';
import type { Embedder } from './embedder.port';
import { EMBEDDING_MODELS, knownDimension, withModelSpec } from './embedding-models';

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

  it('holds for each model the dimension and window the README states', () => {
    // A test of the constant against itself could not fail; this one fails when the registry and the
    // README's "Embedding models" table or "Long reviews" windows disagree.
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Embedding models'));
    const rowOf = (model: string) => table.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${model}\``));
    const stated: Record<string, { dimension: number; maxTokens?: number }> = {
      'use-lite': { dimension: Number(/(\d+) dimensions/.exec(rowOf('use-lite') ?? '')?.[1]) },
      'Xenova/all-MiniLM-L6-v2': { dimension: Number(/(\d+) dimensions/.exec(rowOf('Xenova/all-MiniLM-L6-v2') ?? '')?.[1]) },
      'Xenova/paraphrase-multilingual-MiniLM-L12-v2': {
        dimension: Number(/(\d+) dimensions/.exec(rowOf('Xenova/paraphrase-multilingual-MiniLM-L12-v2') ?? '')?.[1]),
      },
      'Xenova/bge-small-en-v1.5': { dimension: Number(/(\d+) dimensions/.exec(rowOf('Xenova/bge-small-en-v1.5') ?? '')?.[1]) },
      'Xenova/multilingual-e5-small': { dimension: Number(/(\d+) dimensions/.exec(rowOf('Xenova/multilingual-e5-small') ?? '')?.[1]) },
    };
    const windows = /\(`all-MiniLM-L6-v2` (\d+) tokens,\s+`bge-small` and `multilingual-e5-small` (\d+), the multilingual MiniLM (\d+)\)/.exec(readme);
    expect(windows).not.toBeNull();
    stated['Xenova/all-MiniLM-L6-v2']!.maxTokens = Number(windows![1]);
    stated['Xenova/bge-small-en-v1.5']!.maxTokens = Number(windows![2]);
    stated['Xenova/multilingual-e5-small']!.maxTokens = Number(windows![2]);
    stated['Xenova/paraphrase-multilingual-MiniLM-L12-v2']!.maxTokens = Number(windows![3]);
    for (const [model, { dimension, maxTokens }] of Object.entries(stated)) {
      expect({ model, dimension: knownDimension(model), maxTokens: EMBEDDING_MODELS[model]?.maxTokens }).toEqual({ model, dimension, maxTokens });
    }
  });
});
