import os from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { EMBEDDING_DTYPES } from './embedding/embedding-dtypes';
import { ConfigError } from './errors';
import { sourceDefaults, sourceDefaultsEnvironment } from './sources/source-defaults';

/** The reference corpus of the exercise. */
export const DEFAULT_DATASET_URL =
  'https://raw.githubusercontent.com/keitazoumana/Experimentation-Data/main/Musical_instruments_reviews.csv';

export const DEFAULT_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';
export const DEFAULT_GENERATION_MODEL = 'Xenova/gpt2';

/**
 * Intra-op threads of the API's query embedder unless `EMBEDDING_THREADS` says
 * otherwise (never more than the cores). ONNX Runtime runs a query on the
 * event loop, one at a time, so its threads are all a search can use; on 2
 * busy shared cores, 2 threads embedded queries 10-20% faster than 1, one at a
 * time and 8 at once (bench/threads.ts). A query is a handful of tokens: more
 * threads were not measured.
 */
export const DEFAULT_QUERY_EMBEDDING_THREADS = 2;

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  CACHE_REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  EMBEDDING_CACHE_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  EMBEDDING_CACHE_MAX_MB: z.coerce.number().positive().max(1024 * 1024).default(256),
  QDRANT_URL: z
    .string()
    .transform(list)
    .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1))
    .optional(),
  QDRANT_API_KEY: z.string().min(1).optional(),
  QDRANT_PORT: z.coerce.number().int().min(1).max(65535).default(6333),
  COLLECTION: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'letters, digits, "_" and "-" only')
    .default('reviews'),
  BUILDS_KEEP: z.coerce.number().int().min(0).max(100).default(2),
  DATA_DIR: z.string().min(1).default('./data'),
  MODEL_CACHE_DIR: z.string().min(1).optional(),
  EMBEDDING_MODEL: z.string().min(1).default(DEFAULT_EMBEDDING_MODEL),
  EMBEDDING_DTYPE: z.enum(EMBEDDING_DTYPES).default('fp32'),
  EMBEDDING_THREADS: positiveInt.max(256).optional(),
  HF_TOKEN: z.string().min(1).optional(),
  DATASET_URL: z.string().min(1).default(DEFAULT_DATASET_URL),
  AUTO_INGEST: flag.default(true),
  INGEST_BATCH_SIZE: positiveInt.max(1024).default(64),
  INGEST_CONCURRENCY: positiveInt.max(64).default(2),
  INGEST_MAX_PENDING_BATCHES: positiveInt.default(64),
  INGEST_LENGTH_WINDOW: z.coerce.number().int().min(0).max(65_536).default(2048),
  ...sourceDefaultsEnvironment,
  SOURCE_IDLE_TIMEOUT_MS: positiveInt.default(60_000),
  INGEST_BATCH_ATTEMPTS: positiveInt.max(50).default(10),
  INGEST_STALLED_MS: positiveInt.min(1000).default(30_000),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]+$/).default('review-search'),
  GENERATION_MODEL: z.string().min(1).default(DEFAULT_GENERATION_MODEL),
  SUMMARY_MODEL: z.string().min(1).default('extractive'),
  HF_PROVIDER: z.string().min(1).default('auto'),
  HF_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  MODEL_HUB_URL: z.url({ protocol: /^https?$/ }).default('https://huggingface.co/'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1'),
  GENERATION_TIMEOUT_MS: positiveInt.default(120_000),
  API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CORS_ORIGINS: z.string().optional(),
  ALLOW_PRIVATE_SOURCES: flag.default(false),
  SOURCES_DIR: z.string().min(1).optional(),
  SOURCE_MAX_BYTES: positiveInt.default(1024 * 1024 * 1024),
  SOURCE_MAX_SECONDS: positiveInt.default(3600),
  SOURCE_ALLOWED_NETWORKS: z
    .string()
    .refine((value) => list(value).every(isCidr), 'a comma-separated list of CIDRs, e.g. 10.1.2.0/24,fd00::/8')
    .optional(),
  EMBEDDING_MODELS: z.string().optional(),
  GENERATION_MODELS: z.string().optional(),
  MODELS_MAX_LOADED: positiveInt.max(64).default(4),
  GENERATION_QUEUE_MAX: z.coerce.number().int().min(0).max(1000).default(8),
  QUERY_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  QUERY_CACHE_MAX_CHARS: positiveInt.max(10_000).default(1000),
  PROJECTION_THREADS: positiveInt.max(64).default(1),
  PROJECTION_QUEUE_MAX: z.coerce.number().int().min(0).max(1000).default(4),
  PROJECTION_TIMEOUT_MS: positiveInt.default(60_000),
  RATE_LIMIT_SEARCH: positiveInt.default(600),
  RATE_LIMIT_GENERATE: positiveInt.default(60),
  RATE_LIMIT_EXPLORE: positiveInt.default(120),
  TRUST_PROXY: z.string().min(1).default('loopback'),
  PUBLIC_EXPORT: flag.default(false),
  QDRANT_SHARDS: positiveInt.max(1024).default(1),
  QDRANT_REPLICATION: positiveInt.max(16).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The configuration: what `loadConfig` makes of the environment (`configSchema`'s output). */
export type Config = z.output<ReturnType<typeof configSchema>>;

/** Who embeds: the ingest's embedding processes (reviews, in batches) or the API (queries). */
export type EmbeddingRole = 'ingest' | 'api';

/**
 * Reads the environment once, at the edge of a process. A bad value stops
 * start-up with every offending key named. `cores`: the machine's, which the
 * default embedding threads share out.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema(cores).safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** The environment's variables, checked, and the configuration made of them: the `Config` type is this schema's output. */
function configSchema(cores: number) {
  return environmentSchema.transform((e) => {
    const dataDir = path.resolve(e.DATA_DIR);
    return {
      port: e.PORT,
      host: e.HOST,
      redisUrl: e.REDIS_URL,
      /** The embedding cache: where it lives (`CACHE_REDIS_URL`, default `REDIS_URL`), how long an entry lives after it was written, its bound. */
      embeddingCache: {
        redisUrl: e.CACHE_REDIS_URL ?? e.REDIS_URL,
        ttlSeconds: Math.round(e.EMBEDDING_CACHE_TTL_DAYS * 24 * 3600),
        maxBytes: Math.round(e.EMBEDDING_CACHE_MAX_MB * 1024 * 1024),
      },
      queuePrefix: e.QUEUE_PREFIX,
      qdrant: {
        /** Unset: the service starts a local Qdrant itself. */
        url: e.QDRANT_URL?.[0],
        /** Every peer of `QDRANT_URL` (several, comma-separated: peers of one cluster), in order of preference. */
        peers: e.QDRANT_URL ?? [],
        apiKey: e.QDRANT_API_KEY,
        localPort: e.QDRANT_PORT,
        /** `shard_number` and `replication_factor` of new collections (Qdrant distributed mode). */
        shards: e.QDRANT_SHARDS,
        replication: e.QDRANT_REPLICATION,
      },
      collection: e.COLLECTION,
      dataDir,
      /** Superseded builds of the alias kept for rollback (`BUILDS_KEEP`); older ones are deleted when a build completes. */
      buildsKeep: e.BUILDS_KEEP,
      modelCacheDir: path.resolve(e.MODEL_CACHE_DIR ?? path.join(dataDir, 'models')),
      /** Where transformers.js models are downloaded from (`MODEL_HUB_URL`): huggingface.co, or a mirror with its layout (`<id>/resolve/main/<file>`). */
      modelHubUrl: e.MODEL_HUB_URL,
      embeddingModel: e.EMBEDDING_MODEL,
      /** Weights transformers.js embedding models load (`EMBEDDING_DTYPE`): fp32 `onnx/model.onnx`, q8 `onnx/model_quantized.onnx`... */
      embeddingDtype: e.EMBEDDING_DTYPE,
      /**
       * Intra-op threads of each transformers.js embedding session, by who embeds:
       * `ingest`, each of a worker's `INGEST_CONCURRENCY` embedding processes
       * (default: the cores shared between them, at least 1); `api`, the query
       * embedder (default `DEFAULT_QUERY_EMBEDDING_THREADS`, at most the cores).
       * `EMBEDDING_THREADS` sets both.
       */
      embeddingThreads: {
        ingest: e.EMBEDDING_THREADS ?? Math.max(1, Math.floor(cores / e.INGEST_CONCURRENCY)),
        api: e.EMBEDDING_THREADS ?? Math.min(cores, DEFAULT_QUERY_EMBEDDING_THREADS),
      } satisfies Record<EmbeddingRole, number>,
      /**
       * Embedding models a request may name (`/ingest`, `/search`...): `EMBEDDING_MODELS`,
       * else `EMBEDDING_MODEL`, `use-lite` and the registry's transformers.js models.
       * Builds already in the store are readable with their own model whatever this says.
       */
      embeddingModels: unique(e.EMBEDDING_MODELS ? list(e.EMBEDDING_MODELS) : [e.EMBEDDING_MODEL, ...DEFAULT_EMBEDDING_MODELS]),
      /** Ingest sources given over HTTP. */
      sources: {
        /** Folders a file source must lie in (`SOURCES_DIR`, several separated by ':'); default `DATA_DIR/sources`. */
        dirs: (e.SOURCES_DIR ?? path.join(dataDir, 'sources')).split(path.delimiter).filter(Boolean).map((dir) => path.resolve(dir)),
        /** A source past this many bytes (as read, compressed) fails. */
        maxBytes: e.SOURCE_MAX_BYTES,
        /** A source that takes longer than this to read fails. */
        maxSeconds: e.SOURCE_MAX_SECONDS,
        /** Networks (CIDRs, `SOURCE_ALLOWED_NETWORKS`) an ingest source may reach although they are private. */
        allowedNetworks: list(e.SOURCE_ALLOWED_NETWORKS ?? ''),
      },
      /** Loaded models (embedding and generation) kept per process; the least recently used are unloaded past it. */
      modelsMaxLoaded: e.MODELS_MAX_LOADED,
      /** Query vectors the API keeps per process, least recently used dropped first. */
      queryCache: {
        /** Vectors held at most (`QUERY_CACHE_SIZE`); 0 turns the cache off. */
        entries: e.QUERY_CACHE_SIZE,
        /** Longer queries are embedded every time and never held (`QUERY_CACHE_MAX_CHARS`). */
        maxChars: e.QUERY_CACHE_MAX_CHARS,
      },
      projection: {
        threads: e.PROJECTION_THREADS,
        /** Projections waiting for a thread; past it, 503 with Retry-After. */
        queueMax: e.PROJECTION_QUEUE_MAX,
        timeoutMs: e.PROJECTION_TIMEOUT_MS,
      },
      hfToken: e.HF_TOKEN,
      datasetUrl: e.DATASET_URL,
      autoIngest: e.AUTO_INGEST,
      ingest: {
        batchSize: e.INGEST_BATCH_SIZE,
        concurrency: e.INGEST_CONCURRENCY,
        maxPendingBatches: e.INGEST_MAX_PENDING_BATCHES,
        /**
         * Rows a source job holds to group reviews of similar length into batches
         * (rounded down to whole batches; no larger than a batch: file order).
         */
        lengthWindow: e.INGEST_LENGTH_WINDOW,
        /** Every ingest's column mapping, format and CSV delimiter unless the request gives its own (`COLUMN_*`, `SOURCE_FORMAT`, `CSV_DELIMITER`). */
        source: sourceDefaults(e),
        /** An ingest source that sends nothing for this long has stalled: the attempt fails (and is retried). */
        sourceIdleTimeoutMs: e.SOURCE_IDLE_TIMEOUT_MS,
        /** Tries of a batch before its ingest fails (exponential backoff from 1 s, capped at 30 s). */
        batchAttempts: e.INGEST_BATCH_ATTEMPTS,
        /** A job whose worker stopped renewing its lock this long ago is taken up by another worker. */
        stalledMs: e.INGEST_STALLED_MS,
      },
      generation: {
        /** Default model of `/generate`. */
        model: e.GENERATION_MODEL,
        /** Default model of `/summarize`. */
        summaryModel: e.SUMMARY_MODEL,
        /** Models a request may name on `/generate` and `/summarize` (`GENERATION_MODELS`; default: the two above and `extractive`). */
        models: unique(e.GENERATION_MODELS ? list(e.GENERATION_MODELS) : [e.GENERATION_MODEL, e.SUMMARY_MODEL, 'extractive']),
        /** Local generations waiting for the one that runs; past it, 503 with Retry-After. */
        queueMax: e.GENERATION_QUEUE_MAX,
        hfProvider: e.HF_PROVIDER,
        hfEndpointUrl: e.HF_ENDPOINT_URL,
        openaiApiKey: e.OPENAI_API_KEY,
        openaiBaseUrl: e.OPENAI_BASE_URL,
        timeoutMs: e.GENERATION_TIMEOUT_MS,
      },
      security: {
        /** When set, mutating routes need it (Authorization: Bearer, or X-API-Key). */
        apiKey: e.API_KEY,
        /** Origins allowed by CORS; empty: no cross-origin access. `*` allows any. */
        corsOrigins: (e.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
        /** Let ingest sources point at private, loopback or link-local addresses. */
        allowPrivateSources: e.ALLOW_PRIVATE_SOURCES,
        /** Requests per minute and client, shared by every API replica through Redis: search, generation/summaries, and similarity/projection/export. */
        searchPerMinute: e.RATE_LIMIT_SEARCH,
        generatePerMinute: e.RATE_LIMIT_GENERATE,
        explorePerMinute: e.RATE_LIMIT_EXPLORE,
        /** Express `trust proxy`: which proxies' X-Forwarded-For is believed (`loopback`, a list of addresses or subnets, a hop count, or `false`). */
        trustProxy: trustProxy(e.TRUST_PROXY),
        /** Export without the API key. */
        publicExport: e.PUBLIC_EXPORT,
      },
      logLevel: e.LOG_LEVEL,
    };
  });
}

/** Embedding models any request may name by default: offline or downloaded once, none on a paid key. */
const DEFAULT_EMBEDDING_MODELS = [
  'use-lite',
  'Xenova/all-MiniLM-L6-v2',
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
  'Xenova/bge-small-en-v1.5',
  'Xenova/multilingual-e5-small',
];

function list(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function isCidr(value: string): boolean {
  return ipaddr.isValidCIDR(value);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function trustProxy(value: string): string | number | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The configured Qdrant, else the local one that `pnpm start` runs on `QDRANT_PORT`. */
export function qdrantUrl(config: Config): string {
  return config.qdrant.url ?? `http://127.0.0.1:${config.qdrant.localPort}`;
}

/**
 * Environment for a child process that must see the same configuration as
 * its parent (the sandboxed batch processors).
 */
export function configEnvironment(config: Config): Record<string, string> {
  const env: Record<string, string> = {
    QDRANT_URL: config.qdrant.peers.length > 0 ? config.qdrant.peers.join(',') : qdrantUrl(config),
    MODEL_CACHE_DIR: config.modelCacheDir,
    MODEL_HUB_URL: config.modelHubUrl,
    DATA_DIR: config.dataDir,
    BUILDS_KEEP: String(config.buildsKeep),
    REDIS_URL: config.redisUrl,
    CACHE_REDIS_URL: config.embeddingCache.redisUrl,
    EMBEDDING_CACHE_TTL_DAYS: String(config.embeddingCache.ttlSeconds / (24 * 3600)),
    EMBEDDING_CACHE_MAX_MB: String(config.embeddingCache.maxBytes / (1024 * 1024)),
    QUEUE_PREFIX: config.queuePrefix,
    EMBEDDING_MODEL: config.embeddingModel,
    EMBEDDING_MODELS: config.embeddingModels.join(','),
    EMBEDDING_DTYPE: config.embeddingDtype,
    INGEST_CONCURRENCY: String(config.ingest.concurrency),
    MODELS_MAX_LOADED: String(config.modelsMaxLoaded),
    SOURCES_DIR: config.sources.dirs.join(path.delimiter),
    SOURCE_MAX_BYTES: String(config.sources.maxBytes),
    SOURCE_MAX_SECONDS: String(config.sources.maxSeconds),
    SOURCE_ALLOWED_NETWORKS: config.sources.allowedNetworks.join(','),
    ALLOW_PRIVATE_SOURCES: String(config.security.allowPrivateSources),
    INGEST_LENGTH_WINDOW: String(config.ingest.lengthWindow),
    LOG_LEVEL: config.logLevel,
  };
  // Unequal threads are both defaults, which the child works out as its parent did; equal ones may have been set.
  if (config.embeddingThreads.ingest === config.embeddingThreads.api) env.EMBEDDING_THREADS = String(config.embeddingThreads.api);
  if (config.qdrant.apiKey) env.QDRANT_API_KEY = config.qdrant.apiKey;
  env.QDRANT_SHARDS = String(config.qdrant.shards);
  env.QDRANT_REPLICATION = String(config.qdrant.replication);
  if (config.hfToken) env.HF_TOKEN = config.hfToken;
  env.HF_PROVIDER = config.generation.hfProvider;
  if (config.generation.hfEndpointUrl) env.HF_ENDPOINT_URL = config.generation.hfEndpointUrl;
  if (config.generation.openaiApiKey) env.OPENAI_API_KEY = config.generation.openaiApiKey;
  env.OPENAI_BASE_URL = config.generation.openaiBaseUrl;
  env.GENERATION_TIMEOUT_MS = String(config.generation.timeoutMs);
  return env;
}

/** What the generators and embedders (local and remote) of a process embedding as `role` need from the configuration. */
export function modelOptions(config: Config, role: EmbeddingRole) {
  return {
    cacheDir: config.modelCacheDir,
    hubUrl: config.modelHubUrl,
    hfToken: config.hfToken,
    hfProvider: config.generation.hfProvider,
    hfEndpointUrl: config.generation.hfEndpointUrl,
    openaiApiKey: config.generation.openaiApiKey,
    openaiBaseUrl: config.generation.openaiBaseUrl,
    timeoutMs: config.generation.timeoutMs,
    maxLoaded: config.modelsMaxLoaded,
    generationQueueMax: config.generation.queueMax,
    dtype: config.embeddingDtype,
    threads: config.embeddingThreads[role],
  };
}
