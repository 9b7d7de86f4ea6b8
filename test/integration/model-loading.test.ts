import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadedModels, loadEmbedder, loadGenerator, localGenerations, transformersFor } from '@review-search/shared';
import { testEnv } from '../support/stack';
import { waitFor } from '../support/wait-for';

const cacheDir = path.join(os.tmpdir(), `review-search-empty-cache-${process.pid}`);
const generatorOptions = { cacheDir, hfProvider: 'auto', openaiBaseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 60_000 };

/** Resolves when `key` is next unloaded. */
const unloadOf = (key: string) =>
  new Promise<void>((resolve) => {
    const stop = loadedModels.onUnload((unloaded) => {
      if (unloaded === key) {
        stop();
        resolve();
      }
    });
  });

/** Loading real models (the tiny generated ones, and use-lite) in one process. */
describe('model loading', () => {
  const tinyBert = testEnv('TINY_BERT');
  const tinyGpt2 = testEnv('TINY_GPT2');
  afterEach(() => {
    loadedModels.maxLoaded = 4;
  });

  describe('transformers.js settings belong to each load', () => {
    let hub: http.Server;
    let hubRequests: string[];
    let remoteHost: string;
    const { env } = transformersFor('org/model', cacheDir).transformers;

    beforeAll(async () => {
      // A stand-in for the Hugging Face hub: it records what is asked, serves the tiny BERT's files as
      // 'org/tiny-bert', and answers 404 for anything else.
      hubRequests = [];
      hub = http.createServer((req, res) => {
        hubRequests.push(req.url ?? '');
        const file = /^\/org\/tiny-bert\/resolve\/main\/([\w./-]+)$/.exec(req.url ?? '')?.[1];
        const local = file && !file.includes('..') ? path.join(tinyBert, file) : undefined;
        if (local && fs.existsSync(local)) res.writeHead(200).end(fs.readFileSync(local));
        else res.writeHead(404).end('Repository not found');
      });
      await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
      remoteHost = env.remoteHost;
      env.remoteHost = `http://127.0.0.1:${(hub.address() as { port: number }).port}/`;
    });
    afterAll(async () => {
      env.remoteHost = remoteHost;
      await new Promise((resolve) => hub.close(resolve));
    });

    it('a local directory load leaves hub loads able to download, and a failed hub load leaves local loads working', async () => {
      const before = { allowRemoteModels: env.allowRemoteModels, allowLocalModels: env.allowLocalModels, localModelPath: env.localModelPath };
      const local = await loadEmbedder(tinyBert, { cacheDir });
      expect((await local.embed(['good strings']))[0]).toHaveLength(local.dimension);
      expect({ allowRemoteModels: env.allowRemoteModels, allowLocalModels: env.allowLocalModels, localModelPath: env.localModelPath }).toEqual(before);

      const error = await loadEmbedder('someone/not-downloaded-model', { cacheDir }).then(
        () => new Error('loaded a model the hub does not have'),
        (e: unknown) => e as Error,
      );
      expect(error.message).not.toBe('loaded a model the hub does not have');
      expect(error.message).not.toMatch(/local_files_only|allowRemoteModels/);
      // It asked the hub for the model's files.
      expect(hubRequests.some((url) => url.startsWith('/someone/not-downloaded-model/resolve/main/'))).toBe(true);

      // And a local generation model still loads from its files only, asking the hub nothing.
      const asked = hubRequests.length;
      const generator = await loadGenerator(tinyGpt2, generatorOptions);
      expect((await generator.generate({ prompt: 'x', maxNewTokens: 2 })).tokens).toBe(2);
      expect(hubRequests).toHaveLength(asked);
    });

    it('after local loads, a hub id downloads from the hub into the configured cache', async () => {
      const local = await loadEmbedder(tinyBert, { cacheDir });
      const downloadCache = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-models-'));
      const hubModel = await loadEmbedder('org/tiny-bert', { cacheDir: downloadCache });
      expect(hubRequests).toContain('/org/tiny-bert/resolve/main/onnx/model.onnx');
      const [fromHub] = await hubModel.embed(['good strings']);
      const [fromDirectory] = await local.embed(['good strings']);
      fromHub!.forEach((value, i) => expect(value).toBeCloseTo(fromDirectory![i]!, 6));
      expect(fs.existsSync(path.join(downloadCache, 'org', 'tiny-bert', 'onnx', 'model.onnx'))).toBe(true);
      fs.rmSync(downloadCache, { recursive: true, force: true });
    });

    it('a local directory is read from its files only: a missing one never reaches the hub', async () => {
      const asked = hubRequests.length;
      await expect(loadEmbedder(path.join(path.dirname(tinyBert), 'no-such-model-dir'), { cacheDir })).rejects.toThrow(/not found locally at ".*no-such-model-dir\/config\.json"/);
      expect(hubRequests).toHaveLength(asked);
    });
  });

  describe('MODELS_MAX_LOADED', () => {
    it('keeps the most recently used models, unloads the least recently used, and loads it again when next used', async () => {
      loadedModels.clear();
      const bert = await loadEmbedder(tinyBert, { cacheDir, maxLoaded: 2 });
      const useLite = await loadEmbedder('use-lite', { cacheDir, maxLoaded: 2 });
      const [first] = await bert.embed(['strings stay in tune']);
      await useLite.embed(['strings stay in tune']);
      expect(loadedModels.keys()).toEqual([`embedding:${tinyBert}:fp32`, 'embedding:use-lite:fp32']);

      const bertUnloaded = unloadOf(`embedding:${tinyBert}:fp32`);
      const generator = await loadGenerator(tinyGpt2, { ...generatorOptions, maxLoaded: 2 });
      await bertUnloaded;
      expect(loadedModels.keys()).toEqual(['embedding:use-lite:fp32', `generation:${tinyGpt2}`]);

      // The unloaded model is loaded again by its next use, with the same vectors; use-lite, least recently used, goes.
      const useLiteUnloaded = unloadOf('embedding:use-lite:fp32');
      const [again] = await bert.embed(['strings stay in tune']);
      await useLiteUnloaded;
      again!.forEach((value, i) => expect(value).toBeCloseTo(first![i]!, 6));
      expect(loadedModels.keys()).toEqual([`generation:${tinyGpt2}`, `embedding:${tinyBert}:fp32`]);
      expect((await generator.generate({ prompt: 'x', maxNewTokens: 3 })).tokens).toBe(3);
    });

    it('never unloads a model under a running generation: it finishes, and is unloaded after', async () => {
      loadedModels.clear();
      const generator = await loadGenerator(tinyGpt2, { ...generatorOptions, maxLoaded: 1 });
      const unloaded: string[] = [];
      const stop = loadedModels.onUnload((key) => unloaded.push(key));
      // Another local generation holds the process's one slot, so this one is in use and waiting for it.
      let release!: () => void;
      const held = localGenerations.run(() => new Promise<void>((resolve) => (release = resolve)), { queueMax: 1, timeoutMs: 60_000 });
      try {
        const running = generator.generate({ prompt: 'El futuro', maxNewTokens: 40 });
        await waitFor('the generation to wait for the held slot', () => localGenerations.waitingCount === 1);
        // Loading use-lite evicts the generator, which is in use: it stays loaded until its generation ends.
        const useLite = await loadEmbedder('use-lite', { cacheDir, maxLoaded: 1 });
        await useLite.embed(['while it waits']);
        expect(loadedModels.keys()).toEqual(['embedding:use-lite:fp32']);
        expect(unloaded).not.toContain(`generation:${tinyGpt2}`);
        release();
        expect(await running).toMatchObject({ tokens: 40, finishReason: 'length' });
        await new Promise((resolve) => setImmediate(resolve));
        expect(unloaded).toContain(`generation:${tinyGpt2}`);
      } finally {
        release();
        await held;
        stop();
      }
    });
  });
});
