import path from 'node:path';
import { ConfigError } from './errors';
import { configEnvironment, DEFAULT_DATASET_URL, DEFAULT_QUERY_EMBEDDING_THREADS, loadConfig, modelOptions, qdrantUrl } from './config';

describe('loadConfig', () => {
  it('has defaults for a local start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      collection: 'reviews',
      embeddingModel: 'Xenova/all-MiniLM-L6-v2',
      datasetUrl: DEFAULT_DATASET_URL,
      autoIngest: true,
      dataDir: path.resolve('data'),
      modelCacheDir: path.resolve('data/models'),
    });
    expect(config.qdrant.url).toBeUndefined();
    expect(qdrantUrl(config)).toBe('http://127.0.0.1:6333');
  });

  it('names every bad key at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', REDIS_URL: 'http://x', AUTO_INGEST: 'maybe', COLLECTION: 'a b' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['AUTO_INGEST', 'COLLECTION', 'PORT', 'REDIS_URL']);
  });

  it('reads flags and treats empty values as unset', () => {
    expect(loadConfig({ AUTO_INGEST: 'false', QDRANT_URL: '' })).toMatchObject({ autoIngest: false, qdrant: { url: undefined } });
  });

  it('reads the lists a request is held to, and the source folders', () => {
    const config = loadConfig({
      DATA_DIR: '/srv/reviews',
      EMBEDDING_MODELS: 'use-lite, ./models/mine ,use-lite',
      GENERATION_MODELS: 'openai:gpt-4o-mini,extractive',
      SOURCES_DIR: `/srv/a${path.delimiter}/srv/b`,
      TRUST_PROXY: '2',
    });
    expect(config.embeddingModels).toEqual(['use-lite', './models/mine']);
    expect(config.generation.models).toEqual(['openai:gpt-4o-mini', 'extractive']);
    expect(config.sources.dirs).toEqual(['/srv/a', '/srv/b']);
    expect(config.security.trustProxy).toBe(2);
    const defaults = loadConfig({ DATA_DIR: '/srv/reviews', GENERATION_MODEL: 'Xenova/distilgpt2' });
    expect(defaults.sources.dirs).toEqual(['/srv/reviews/sources']);
    expect(defaults.generation.models).toEqual(['Xenova/distilgpt2', 'extractive']);
    expect(defaults.embeddingModels[0]).toBe('Xenova/all-MiniLM-L6-v2');
    expect(defaults.embeddingModels.some((model) => model.startsWith('openai:'))).toBe(false);
    expect(defaults.security).toMatchObject({ trustProxy: 'loopback', publicExport: false });
  });

  it('reads SOURCE_ALLOWED_NETWORKS as CIDRs, and refuses anything else naming the key', () => {
    expect(loadConfig({ SOURCE_ALLOWED_NETWORKS: '10.1.2.0/24, fd00::/8' }).sources.allowedNetworks).toEqual(['10.1.2.0/24', 'fd00::/8']);
    expect(loadConfig({}).sources.allowedNetworks).toEqual([]);
    expect(() => loadConfig({ SOURCE_ALLOWED_NETWORKS: '10.1.2.0/24,10.1.2.3' })).toThrow(/SOURCE_ALLOWED_NETWORKS: a comma-separated list of CIDRs/);
  });

  it('reads the query cache bounds: 1,000 queries of up to 1,000 characters by default, 0 turning it off', () => {
    expect(loadConfig({}).queryCache).toEqual({ entries: 1000, maxChars: 1000 });
    expect(loadConfig({ QUERY_CACHE_SIZE: '0', QUERY_CACHE_MAX_CHARS: '200' }).queryCache).toEqual({ entries: 0, maxChars: 200 });
    expect(() => loadConfig({ QUERY_CACHE_SIZE: '-1' })).toThrow(/QUERY_CACHE_SIZE/);
    expect(() => loadConfig({ QUERY_CACHE_MAX_CHARS: '0' })).toThrow(/QUERY_CACHE_MAX_CHARS/);
  });

  it('reads INGEST_LENGTH_WINDOW (2,048 rows by default, 0 for file order), refuses a bad one, and hands it to child processes', () => {
    expect(loadConfig({}).ingest.lengthWindow).toBe(2048);
    expect(loadConfig({ INGEST_LENGTH_WINDOW: '0' }).ingest.lengthWindow).toBe(0);
    const config = loadConfig({ INGEST_LENGTH_WINDOW: '128' });
    expect(config.ingest.lengthWindow).toBe(128);
    expect(loadConfig(configEnvironment(config)).ingest.lengthWindow).toBe(128);
    for (const bad of ['-1', '1.5', 'many', '100000']) {
      expect(() => loadConfig({ INGEST_LENGTH_WINDOW: bad })).toThrow(/INGEST_LENGTH_WINDOW/);
    }
  });

  it('reads EMBEDDING_DTYPE, fp32 by default, and refuses a dtype transformers.js has no file for', () => {
    expect(loadConfig({}).embeddingDtype).toBe('fp32');
    expect(loadConfig({ EMBEDDING_DTYPE: 'q8' }).embeddingDtype).toBe('q8');
    expect(() => loadConfig({ EMBEDDING_DTYPE: 'int3' })).toThrow(/EMBEDDING_DTYPE: Invalid option: expected one of "fp32"\|"fp16"\|"q8"/);
  });

  it('shares the cores between the ingest embedding processes, and gives the query embedder its own default', () => {
    expect(loadConfig({ INGEST_CONCURRENCY: '2' }, 8).embeddingThreads).toEqual({ ingest: 4, api: DEFAULT_QUERY_EMBEDDING_THREADS });
    expect(loadConfig({ INGEST_CONCURRENCY: '3' }, 8).embeddingThreads.ingest).toBe(2);
    expect(loadConfig({ INGEST_CONCURRENCY: '4' }, 2).embeddingThreads.ingest).toBe(1);
    expect(loadConfig({}, 1).embeddingThreads).toEqual({ ingest: 1, api: 1 });
    expect(loadConfig({ EMBEDDING_THREADS: '3' }, 8).embeddingThreads).toEqual({ ingest: 3, api: 3 });
    expect(() => loadConfig({ EMBEDDING_THREADS: '0' })).toThrow(/EMBEDDING_THREADS/);
  });

  it('passes each role its threads and the dtype to the embedders', () => {
    const config = loadConfig({ INGEST_CONCURRENCY: '1', EMBEDDING_DTYPE: 'q8' }, 4);
    expect(modelOptions(config, 'ingest')).toMatchObject({ dtype: 'q8', threads: 4 });
    expect(modelOptions(config, 'api')).toMatchObject({ dtype: 'q8', threads: DEFAULT_QUERY_EMBEDDING_THREADS });
  });

  it('gives a child process the same dtype and threads', () => {
    for (const env of [{ INGEST_CONCURRENCY: '1', EMBEDDING_DTYPE: 'q8' }, { EMBEDDING_THREADS: '3' }, { INGEST_CONCURRENCY: '2' }]) {
      const parent = loadConfig(env, 4);
      const child = loadConfig(configEnvironment(parent), 4);
      expect({ dtype: child.embeddingDtype, threads: child.embeddingThreads }).toEqual({ dtype: parent.embeddingDtype, threads: parent.embeddingThreads });
    }
  });
});
