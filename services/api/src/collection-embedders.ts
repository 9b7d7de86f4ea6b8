import { loadEmbedder, NotFoundError, type Embedder, type EmbedderOptions, type VectorStore } from '@review-search/shared';

const MODEL_TTL_MS = 10_000;

/**
 * Finds the embedder for a collection: the model recorded in the collection's
 * metadata, so queries are always embedded in the space the reviews live in.
 * Collections without a recorded model use the configured default.
 */
export function collectionEmbedders(store: VectorStore, defaultModel: string, options: EmbedderOptions) {
  const models = new Map<string, { model: string; at: number }>();
  return async function embedderFor(collection: string): Promise<Embedder> {
    let known = models.get(collection);
    if (!known || Date.now() - known.at > MODEL_TTL_MS) {
      const info = await store.describeCollection(collection);
      if (!info) {
        throw new NotFoundError(`collection '${collection}' does not exist yet: ingest reviews first (POST /ingest)`);
      }
      known = { model: info.model ?? defaultModel, at: Date.now() };
      models.set(collection, known);
    }
    return loadEmbedder(known.model, options);
  };
}
