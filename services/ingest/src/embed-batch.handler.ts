import { reviewPointId, type EmbedBatchJob, type EmbedBatchResult, type Embedder, type VectorStore } from '@review-search/shared';

/** Embeds a batch of reviews and upserts them; returns once Qdrant has stored them. */
export async function embedBatch(
  job: EmbedBatchJob,
  deps: { embedder: Embedder; store: VectorStore },
): Promise<EmbedBatchResult> {
  const vectors = await deps.embedder.embed(job.rows.map((row) => row.review.reviewText));
  await deps.store.upsertReviews(
    job.collection,
    job.model,
    job.rows.map((row, index) => ({ id: reviewPointId(row.review), vector: vectors[index]!, review: row.review })),
  );
  return { embedded: vectors.length, upserted: job.rows.length };
}
