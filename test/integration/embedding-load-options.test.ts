import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadedModels, loadEmbedder, transformersFor, UnavailableError } from '@review-search/shared';
import { writeTinyBertModel } from '../support/tiny-bert-model';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-load-options-'));
const cacheDir = path.join(work, 'cache');
const TEXTS = ['strings stay in tune', 'the pedal hums with the amp on', 'good cable for the price', 'bad tone and noise'];

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

/** A tiny BERT directory: onnx/model.onnx, and onnx/model_quantized.onnx with `quantized` weights. */
function tinyBert(name: string, quantized?: 'int8' | 'uint8'): string {
  const directory = path.join(work, name);
  writeTinyBertModel(directory, 42, { quantized });
  return directory;
}

afterEach(() => {
  jest.restoreAllMocks();
  loadedModels.clear();
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('EMBEDDING_DTYPE', () => {
  it.each(['int8', 'uint8'] as const)(
    'q8 loads onnx/model_quantized.onnx (%s weights): vectors close to the fp32 graph, not the same; fp32 loads onnx/model.onnx',
    async (weights) => {
      const both = tinyBert(`quantized-${weights}`, weights);
      const fp32Only = tinyBert(`fp32-${weights}`);
      const quantized = await (await loadEmbedder(both, { cacheDir, dtype: 'q8' })).embed(TEXTS);
      loadedModels.clear();
      const full = await (await loadEmbedder(both, { cacheDir, dtype: 'fp32' })).embed(TEXTS);
      loadedModels.clear();
      const reference = await (await loadEmbedder(fp32Only, { cacheDir })).embed(TEXTS);

      expect(full).toEqual(reference);
      // How close varies with the CPU's int8 kernels and from run to run: above 0.99 on earlier machines,
      // 0.94-0.98 (int8) on an AVX2-only one. Random weights of a tiny model: close, not a quality measure.
      quantized.forEach((vector, i) => {
        expect(cosine(vector, full[i]!)).toBeGreaterThan(0.9);
        expect(vector).not.toEqual(full[i]);
      });
    },
  );

  it('one process can hold a model in two dtypes: loading q8 after fp32 does not reuse the fp32 session', async () => {
    const both = tinyBert('both-dtypes', 'int8');
    const full = await (await loadEmbedder(both, { cacheDir, dtype: 'fp32' })).embed(TEXTS);
    const quantized = await (await loadEmbedder(both, { cacheDir, dtype: 'q8' })).embed(TEXTS);
    const fullAgain = await (await loadEmbedder(both, { cacheDir, dtype: 'fp32' })).embed(TEXTS);
    expect(quantized[0]).not.toEqual(full[0]);
    expect(fullAgain).toEqual(full);
  });

  it('q8 on a model without onnx/model_quantized.onnx fails naming the file and the dtype', async () => {
    const fp32Only = tinyBert('fp32-only');
    const failure = loadEmbedder(fp32Only, { cacheDir, dtype: 'q8' });
    await expect(failure).rejects.toThrow(UnavailableError);
    await expect(loadEmbedder(fp32Only, { cacheDir, dtype: 'q8' })).rejects.toThrow(
      /^embedding model '.+fp32-only' has no onnx\/model_quantized\.onnx, the weights of EMBEDDING_DTYPE=q8/,
    );
  });
});

describe('EMBEDDING_THREADS', () => {
  it("sizes the intra-op threads of the model's ONNX Runtime session, with one inter-op thread", async () => {
    const load = jest.spyOn(transformersFor('org/model', cacheDir).transformers.AutoModel, 'from_pretrained');
    const directory = tinyBert('threads');
    const embedder = await loadEmbedder(directory, { cacheDir, threads: 1 });
    expect((await embedder.embed(['one thread']))[0]).toHaveLength(embedder.dimension);
    expect(load).toHaveBeenCalledWith(directory, expect.objectContaining({ dtype: 'fp32', session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 } }));
  });
});
