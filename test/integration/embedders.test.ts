import { getEmbedding, InputError, loadEmbedder } from '@review-search/shared';
import { testEnv } from '../support/stack';

const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const cacheDir = '.cache/models';

describe('use-lite (Universal Sentence Encoder lite, real weights)', () => {
  it('embeds into 512 unit-length dimensions where paraphrases are closer than unrelated texts', async () => {
    const embedder = await loadEmbedder('use-lite', { cacheDir });
    const [a, b, c] = await embedder.embed([
      'These strings stay in tune for weeks.',
      'The strings hold their tuning a long time.',
      'The shipping box arrived crushed.',
    ]);
    expect(embedder.dimension).toBe(512);
    for (const v of [a!, b!, c!]) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.2);
  });

  it('getEmbedding(text) is the one-call form of the same model', async () => {
    const vector = await getEmbedding('buen sonido de guitarra', { model: 'use-lite', cacheDir });
    const [same] = await (await loadEmbedder('use-lite', { cacheDir })).embed(['buen sonido de guitarra']);
    expect(vector).toHaveLength(512);
    expect(dot(vector, same!)).toBeCloseTo(1, 5);
  });
});

describe('transformers.js path on a generated tiny BERT model (random weights)', () => {
  it('tokenizes, runs ONNX Runtime, mean-pools and normalises, deterministically', async () => {
    const model = testEnv('TINY_BERT');
    const embedder = await loadEmbedder(model, { cacheDir });
    const texts = ['The guitar strings stay in tune', 'guitar strings tune well', 'cheap cable noise'];
    const batch = await embedder.embed(texts);
    expect(embedder.dimension).toBe(32);
    expect(batch).toHaveLength(3);
    for (const v of batch) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    // One text alone gives the vector it got in a padded batch: the attention mask is honoured.
    const [alone] = await embedder.embed([texts[2]!]);
    expect(dot(alone!, batch[2]!)).toBeCloseTo(1, 5);
    // Shared words (same tokens) make vectors closer than unrelated ones, even with random weights.
    expect(dot(batch[0]!, batch[1]!)).toBeGreaterThan(dot(batch[0]!, batch[2]!));
  });
});

describe('long reviews', () => {
  it('are truncated at the model window: a text past its 128-token window embeds like its first 126 words', async () => {
    const embedder = await loadEmbedder(testEnv('TINY_BERT'), { cacheDir });
    // One vocabulary word = one token; the window (model_max_length) is 128 tokens, [CLS] and [SEP] included.
    expect(embedder.maxTokens).toBe(128);
    const words = Array.from({ length: 400 }, (_, i) => ['guitar', 'strings', 'sound', 'cable', 'tone', 'price'][i % 6]);
    const [long, prefix, shorter] = await embedder.embed([words.join(' '), words.slice(0, 126).join(' '), words.slice(0, 100).join(' ')]);
    expect(dot(long!, prefix!)).toBeCloseTo(1, 5);
    expect(dot(long!, shorter!)).toBeLessThan(0.99999);
  });
});

describe('the embedding model registry', () => {
  it('refuses an unknown model string with the list of valid forms', async () => {
    await expect(loadEmbedder('not a model', { cacheDir })).rejects.toThrow(InputError);
    await expect(loadEmbedder('not a model', { cacheDir })).rejects.toThrow(/valid forms: 'use-lite'.*Hugging Face model id.*local model directory/);
  });
});
