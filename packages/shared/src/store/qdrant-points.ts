import type { Review } from '../reviews/review';
import type { QdrantBm25 } from './qdrant-bm25';
import { SPARSE_VECTOR } from './qdrant-collections';
import type { QdrantConnection } from './qdrant-connection';
import type { ReviewPoint, StoredReview } from './vector-store.port';

export type QdrantPoint = { id: string | number; payload?: Record<string, unknown> | null; vector?: unknown; score?: number };

/** Writing and reading review points: upsert, retrieve by id, scroll. */
export class QdrantPoints {
  constructor(
    private readonly qdrant: QdrantConnection,
    private readonly bm25: QdrantBm25,
  ) {}

  async upsertReviews(name: string, model: string, points: readonly ReviewPoint[]): Promise<void> {
    if (points.length === 0) return;
    const documents = await this.bm25.documents(name, points.map((point) => point.review.reviewText));
    await this.qdrant.call(`upsert into '${name}'`, (client) =>
      client.upsert(name, {
        wait: true,
        points: points.map((point, i) => ({
          id: point.id,
          // Qdrant makes the sparse vector from the review's text (server-side BM25).
          vector: { [model]: point.vector, [SPARSE_VECTOR]: documents[i]! },
          payload: point.review as unknown as Record<string, unknown>,
        })),
      }),
    );
  }

  async getReviews(name: string, ids: readonly string[], options: { withVector?: string } = {}): Promise<StoredReview[]> {
    if (ids.length === 0) return [];
    const points = await this.qdrant.call(`retrieve from '${name}'`, (client) =>
      client.retrieve(name, {
        ids: [...ids],
        with_payload: true,
        with_vector: options.withVector ? [options.withVector] : false,
      }),
    );
    return points.map((point) => toStoredReview(point, options.withVector));
  }

  async listIds(name: string): Promise<string[]> {
    const ids: string[] = [];
    let offset: string | number | undefined;
    do {
      const page = await this.qdrant.call(`list ids of '${name}'`, (client) =>
        client.scroll(name, { limit: 10_000, offset, with_payload: false, with_vector: false }),
      );
      for (const point of page.points) ids.push(String(point.id));
      offset = (page.next_page_offset ?? undefined) as string | number | undefined;
    } while (offset !== undefined);
    return ids;
  }

  async *scrollReviews(
    name: string,
    model: string,
    options: { limit?: number; pageSize?: number; withVector?: boolean } = {},
  ): AsyncGenerator<StoredReview> {
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let offset: string | number | undefined;
    do {
      const limit = Math.min(options.pageSize ?? 256, remaining);
      const page = await this.qdrant.call(`read '${name}'`, (client) =>
        client.scroll(name, { limit, offset, with_payload: true, with_vector: options.withVector === false ? false : [model] }),
      );
      for (const point of page.points) yield toStoredReview(point, model);
      remaining -= page.points.length;
      offset = (page.next_page_offset ?? undefined) as string | number | undefined;
    } while (offset !== undefined && remaining > 0);
  }
}

/** A point as a stored review, with its `model` vector when the point carries it. */
export function toStoredReview(point: QdrantPoint, model?: string): StoredReview {
  const stored: StoredReview = { id: String(point.id), review: point.payload as unknown as Review };
  const vectors = point.vector as Record<string, number[]> | undefined;
  if (model && vectors?.[model]) stored.vector = vectors[model];
  return stored;
}
