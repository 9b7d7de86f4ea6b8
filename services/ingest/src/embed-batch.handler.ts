import {
  corpusPointId,
  type EmbedBatchJob,
  type EmbedBatchResult,
  type Embedder,
  type EmbeddingCache,
  type Review,
  type ReviewPoint,
  type VectorStore,
} from '@review-search/shared';
import { upsertPlan } from './upsert-plan';

/**
 * Embeds a batch of reviews (texts already in the embedding cache are not
 * embedded again) and upserts them; returns once Qdrant has stored them.
 * Cached vectors are kept by model and by the embedder's variant (dtype,
 * window), so a change of `EMBEDDING_DTYPE` never mixes old vectors in.
 * An upsert batch first reads the points it would write: those already so
 * are left alone, and a changed review whose text is the same keeps its
 * stored vector.
 */
export async function embedBatch(
  job: EmbedBatchJob,
  deps: { embedder: Embedder; store: VectorStore; cache: EmbeddingCache },
): Promise<EmbedBatchResult> {
  const rows = job.rows.map((row) => ({ id: row.id ?? corpusPointId(row.review), review: row.review }));
  const plan = job.mode === 'upsert' ? await upsertPlan(deps.store, job.collection, job.model, rows) : undefined;
  const writes = plan ? plan.writes : rows.map((row) => ({ ...row, vector: undefined }));
  const { points, embedded, cached } = await withVectors(writes, job.model, deps);
  await deps.store.upsertReviews(job.collection, job.model, points);
  return { embedded, cached, upserted: points.length, ...(plan ? { changes: plan.changes } : {}) };
}

/** The points to write: vectors kept, from the cache, or embedded now (and cached). */
async function withVectors(
  writes: readonly { id: string; review: Review; vector?: number[] }[],
  model: string,
  deps: { embedder: Embedder; cache: EmbeddingCache },
): Promise<{ points: ReviewPoint[]; embedded: number; cached: number }> {
  const needed = writes.map((_, i) => i).filter((i) => writes[i]!.vector === undefined);
  const texts = needed.map((i) => writes[i]!.review.reviewText);
  const cacheModel = deps.embedder.variant ? `${model} (${deps.embedder.variant})` : model;
  const vectors = await deps.cache.get(cacheModel, texts);
  const missing = texts.map((_, k) => k).filter((k) => vectors[k] === undefined);
  if (missing.length > 0) {
    const fresh = await deps.embedder.embed(missing.map((k) => texts[k]!));
    missing.forEach((k, n) => (vectors[k] = fresh[n]));
    await deps.cache.set(cacheModel, missing.map((k, n) => ({ text: texts[k]!, vector: fresh[n]! })));
  }
  const points = writes.map((write) => ({ id: write.id, review: write.review, vector: write.vector! }));
  needed.forEach((i, k) => (points[i]!.vector = vectors[k]!));
  return { points, embedded: missing.length, cached: texts.length - missing.length };
}
