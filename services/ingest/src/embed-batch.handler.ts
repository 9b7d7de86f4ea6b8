import {
  reviewPointId,
  type EmbedBatchJob,
  type EmbedBatchResult,
  type Embedder,
  type EmbeddingCache,
  type VectorStore,
} from '@review-search/shared';

/**
 * Embeds a batch of reviews (texts already in the embedding cache are not
 * embedded again) and upserts them; returns once Qdrant has stored them.
 * Cached vectors are kept by model and by the embedder's variant (dtype,
 * window), so a change of `EMBEDDING_DTYPE` never mixes old vectors in.
 */
export async function embedBatch(
  job: EmbedBatchJob,
  deps: { embedder: Embedder; store: VectorStore; cache: EmbeddingCache },
): Promise<EmbedBatchResult> {
  const texts = job.rows.map((row) => row.review.reviewText);
  const cacheModel = deps.embedder.variant ? `${job.model} (${deps.embedder.variant})` : job.model;
  const vectors = await deps.cache.get(cacheModel, texts);
  const missing = texts.map((_, i) => i).filter((i) => vectors[i] === undefined);
  if (missing.length > 0) {
    const fresh = await deps.embedder.embed(missing.map((i) => texts[i]!));
    missing.forEach((i, k) => (vectors[i] = fresh[k]));
    await deps.cache.set(cacheModel, missing.map((i, k) => ({ text: texts[i]!, vector: fresh[k]! })));
  }
  await deps.store.upsertReviews(
    job.collection,
    job.model,
    job.rows.map((row, index) => ({
      id: reviewPointId(row.review),
      vector: vectors[index]!,
      review: row.review,
    })),
  );
  return { embedded: missing.length, cached: texts.length - missing.length, upserted: job.rows.length };
}
