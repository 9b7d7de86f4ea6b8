import { ConflictError, loadEmbedder, NotFoundError, type Embedder, type EmbedderOptions, type VectorStore } from '@review-search/shared';

const MODEL_TTL_MS = 10_000;

/** Which embedding model a collection was built with, and its embedder. */
export interface CollectionModels {
  modelOf(collection: string): Promise<string>;
  embedderFor(collection: string): Promise<Embedder>;
}

/**
 * Reads a collection's model from the name of its dense vector, so queries are
 * always embedded in the space the reviews live in, whatever the configured
 * default is. Looked up again after a few seconds (a collection may be rebuilt).
 */
export function collectionModels(store: VectorStore, options: EmbedderOptions): CollectionModels {
  const models = new Map<string, { model: string; at: number }>();
  const modelOf = async (collection: string): Promise<string> => {
    const known = models.get(collection);
    if (known && Date.now() - known.at <= MODEL_TTL_MS) return known.model;
    const info = await store.describeCollection(collection);
    if (!info) {
      throw new NotFoundError(`collection '${collection}' does not exist yet: ingest reviews first (POST /ingest)`);
    }
    if (!info.model) {
      throw new ConflictError(`collection '${collection}' has an unnamed vector: it was not built by review search`);
    }
    models.set(collection, { model: info.model, at: Date.now() });
    return info.model;
  };
  return {
    modelOf,
    embedderFor: async (collection) => loadEmbedder(await modelOf(collection), options),
  };
}
