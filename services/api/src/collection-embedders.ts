import { ConflictError, loadEmbedder, NotFoundError, type Embedder, type EmbedderOptions, type VectorStore } from '@review-search/shared';

const MODEL_TTL_MS = 10_000;

/**
 * Finds the embedder for a collection: the model recorded in the collection's
 * dense vector's name, so queries are always embedded in the space the
 * reviews live in, whatever the configured default is.
 */
export function collectionEmbedders(store: VectorStore, options: EmbedderOptions) {
  const models = new Map<string, { model: string; at: number }>();
  return async function embedderFor(collection: string): Promise<Embedder> {
    let known = models.get(collection);
    if (!known || Date.now() - known.at > MODEL_TTL_MS) {
      const info = await store.describeCollection(collection);
      if (!info) {
        throw new NotFoundError(`collection '${collection}' does not exist yet: ingest reviews first (POST /ingest)`);
      }
      if (!info.model) {
        throw new ConflictError(`collection '${collection}' has an unnamed vector: it was not built by review search`);
      }
      known = { model: info.model, at: Date.now() };
      models.set(collection, known);
    }
    return loadEmbedder(known.model, options);
  };
}
