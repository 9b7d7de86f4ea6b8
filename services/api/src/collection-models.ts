import {
  allowedEmbeddingModels,
  assertConfiguredModelForms,
  ConflictError,
  loadEmbedder,
  modelNotAllowed,
  modelOptions,
  NotFoundError,
  type BuildSchema,
  type Config,
  type Embedder,
  type SearchCalibration,
  type VectorStore,
} from '@review-search/shared';
import { cachingQueries, queryVectorCache, type QueryVectorCache } from './query-vector-cache';

export interface ResolvedCollection {
  /** The concrete collection (an alias resolved). */
  collection: string;
  /** The embedding model it was built with (the name of its dense vector). */
  model: string;
}

/** Which collection a name means right now, which model built it, and that model's embedder. */
export interface CollectionModels {
  resolve(name: string): Promise<ResolvedCollection>;
  /**
   * The collection a request names: `collection` as given, else the newest
   * build of `model` under the alias `fallback` (the live one when it was built
   * with that model; another collection of that model when the alias has none),
   * else `fallback`. A `model` must be configured (`EMBEDDING_MODELS`) or
   * have built a collection in the store; anything else is a 400 listing the
   * allowed models.
   */
  choose(request: { collection?: string; model?: string }, fallback: string): Promise<string>;
  /** The model's embedder; a query it embedded before comes from the query cache. */
  embedder(model: string): Promise<Embedder>;
  /** The search calibration stored with a build (a concrete collection), once its ingest has recorded it. */
  calibration(collection: string): Promise<SearchCalibration | undefined>;
  /** The source format, column mapping and fields stored with a build (a concrete collection), once its ingest has read the source. */
  schema(collection: string): Promise<BuildSchema | undefined>;
}

/**
 * Resolves an alias to its collection once per request, so a request that
 * starts before a switch reads the old collection to the end, with the old
 * model, and one that starts after reads the new one: a switch never mixes the
 * two. A collection's model never changes, so it is looked up once.
 */
export function collectionModels(
  store: VectorStore,
  config: Config,
  observeEmbedding: (model: string, seconds: number) => void = () => undefined,
  queries: QueryVectorCache = queryVectorCache(config.queryCache),
  /** Why a collection does not exist yet, when something knows (the automatic ingest). */
  whyMissing: (name: string) => Promise<string | undefined> = async () => undefined,
): CollectionModels {
  assertConfiguredModelForms(config);
  const options = modelOptions(config, 'api');
  const allowed = allowedEmbeddingModels(config);
  const models = new Map<string, string>();
  // Recorded once at the end of a build and never changed after: kept once found.
  const calibrations = new Map<string, SearchCalibration>();
  // A build's mapping is recorded before its first review is stored and never changes: kept once found,
  // and so is its absence from a collection holding reviews (made before schemas were kept).
  const schemas = new Map<string, BuildSchema | null>();
  return {
    async schema(collection) {
      const known = schemas.get(collection);
      if (known !== undefined) return known ?? undefined;
      const info = await store.describeCollection(collection);
      if (info?.schema || (info && info.points > 0)) schemas.set(collection, info.schema ?? null);
      return info?.schema;
    },
    async calibration(collection) {
      const known = calibrations.get(collection);
      if (known) return known;
      const found = (await store.describeCollection(collection))?.calibration;
      if (found) calibrations.set(collection, found);
      return found;
    },
    async resolve(name) {
      const collection = (await store.aliasTarget(name)) ?? name;
      let model = models.get(collection);
      if (!model) {
        const info = await store.describeCollection(collection);
        if (!info) {
          const why = await whyMissing(name);
          throw new NotFoundError(`collection '${name}' does not exist yet: ${why ?? 'ingest reviews first (POST /ingest)'}`);
        }
        if (!info.model) {
          throw new ConflictError(`collection '${collection}' has an unnamed vector: it was not built by review search`);
        }
        model = info.model;
        models.set(collection, model);
      }
      return { collection, model };
    },
    async embedder(model) {
      const embedder = await loadEmbedder(model, options);
      const timed: Embedder = {
        model: embedder.model,
        dimension: embedder.dimension,
        async embed(texts, kind) {
          const started = performance.now();
          const vectors = await embedder.embed(texts, kind);
          if (kind === 'query') observeEmbedding(model, (performance.now() - started) / 1000);
          return vectors;
        },
      };
      return cachingQueries(model, timed, queries);
    },
    async choose(request, fallback) {
      if (!request.model) return request.collection ?? fallback;
      const built = (await store.listCollections()).filter((c) => c.model === request.model);
      if (built.length === 0 && !allowed.includes(request.model)) {
        // Builds' models are readable whatever the configuration says; they are not listed (they are not offered for new builds).
        throw modelNotAllowed('embedding', request.model, allowed);
      }
      if (request.collection) return request.collection;
      const live = await store.aliasTarget(fallback);
      if (built.length === 0) {
        throw new NotFoundError(`no collection was built with model '${request.model}': ingest with it first (POST /ingest {"model": ...})`);
      }
      if (built.some((c) => c.name === live)) return live!;
      // This alias's own builds (`<alias>--<model>--<time>`) before any other collection of the model,
      // so that several aliases sharing one Qdrant never read each other's builds.
      const own = built.filter((c) => c.name.startsWith(`${fallback}--`));
      return (own.length > 0 ? own : built).map((c) => c.name).sort().at(-1)!;
    },
  };
}
