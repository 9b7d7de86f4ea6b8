import { ConflictError, loadEmbedder, NotFoundError, type Embedder, type EmbedderOptions, type VectorStore } from '@review-search/shared';

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
   * else `fallback`.
   */
  choose(request: { collection?: string; model?: string }, fallback: string): Promise<string>;
  embedder(model: string): Promise<Embedder>;
}

/**
 * Resolves an alias to its collection once per request, so a request that
 * starts before a switch reads the old collection to the end, with the old
 * model, and one that starts after reads the new one: a switch never mixes the
 * two. A collection's model never changes, so it is looked up once.
 */
export function collectionModels(
  store: VectorStore,
  options: EmbedderOptions,
  observeEmbedding: (model: string, seconds: number) => void = () => undefined,
): CollectionModels {
  const models = new Map<string, string>();
  return {
    async resolve(name) {
      const collection = (await store.aliasTarget(name)) ?? name;
      let model = models.get(collection);
      if (!model) {
        const info = await store.describeCollection(collection);
        if (!info) {
          throw new NotFoundError(`collection '${name}' does not exist yet: ingest reviews first (POST /ingest)`);
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
      return {
        model: embedder.model,
        dimension: embedder.dimension,
        async embed(texts, kind) {
          const started = performance.now();
          const vectors = await embedder.embed(texts, kind);
          if (kind === 'query') observeEmbedding(model, (performance.now() - started) / 1000);
          return vectors;
        },
      };
    },
    async choose(request, fallback) {
      if (request.collection) return request.collection;
      if (!request.model) return fallback;
      const live = await store.aliasTarget(fallback);
      const built = (await store.listCollections()).filter((c) => c.model === request.model);
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
