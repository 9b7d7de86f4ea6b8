import { loadConfig, type Config } from '@review-search/shared';

/** The vector size of the benchmarks' loopback embeddings: the default model's. */
export const FAKE_DIMENSION = 384;
/** The model name under which the ingest worker reaches them (an OpenAI-format API). */
export const FAKE_MODEL = `openai:bench-${FAKE_DIMENSION}`;

/**
 * The configuration of a benchmark that runs the ingest pipeline on its own
 * Qdrant and Redis prefix, with vectors from the OpenAI-format API on
 * loopback (`startFakeOpenAiEmbeddings`): it measures the pipeline, not a model.
 */
export function pipelineBenchConfig(options: { qdrantUrl: string; prefix: string; embeddingsUrl: string; work: string; env?: Record<string, string> }): Config {
  return loadConfig({
    ...process.env,
    QDRANT_URL: options.qdrantUrl,
    QUEUE_PREFIX: options.prefix,
    COLLECTION: 'bench',
    EMBEDDING_MODEL: FAKE_MODEL,
    EMBEDDING_MODELS: FAKE_MODEL,
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: options.embeddingsUrl,
    AUTO_INGEST: 'false',
    DATA_DIR: options.work,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
}
