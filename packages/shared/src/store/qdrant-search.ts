import type { QdrantBm25 } from './qdrant-bm25';
import { SPARSE_VECTOR } from './qdrant-collections';
import type { QdrantConnection } from './qdrant-connection';
import { nearestQuery } from './qdrant-mmr';
import { toStoredReview } from './qdrant-points';
import type { ReviewFilter } from './review-filter';
import type { ScoredReview, SearchOptions, SearchQuery } from './vector-store.port';

type QdrantFilter = { must?: unknown[]; must_not?: unknown[] };

/** Searches of review points: dense, sparse, hybrid (rank fusion) and "more like this". */
export class QdrantSearch {
  constructor(
    private readonly qdrant: QdrantConnection,
    private readonly bm25: QdrantBm25,
  ) {}

  async searchReviews(name: string, model: string, query: SearchQuery, options: SearchOptions): Promise<ScoredReview[]> {
    if (query.mode === 'dense') return this.query(name, model, query.vector, options);
    // The query's words as the build's BM25 reads them (its recorded options): Qdrant makes the sparse vector.
    const words = await this.bm25.document(name, query.text);
    if (query.mode === 'sparse') return this.query(name, SPARSE_VECTOR, words, options);
    const filter = toQdrantFilter(options.filter, []);
    const depth = Math.max(50, (options.offset ?? 0) + options.limit * 4);
    const response = await this.qdrant.call(`hybrid search '${name}'`, (client) =>
      client.query(name, {
        prefetch: [
          { query: query.vector, using: model, limit: depth, filter },
          { query: words, using: SPARSE_VECTOR, limit: depth, filter },
        ],
        query: { fusion: 'rrf' },
        limit: options.limit,
        offset: options.offset,
        with_payload: true,
        with_vector: options.withVector ? [options.withVector] : false,
      }),
    );
    return response.points.map((point) => ({ ...toStoredReview(point, options.withVector), score: point.score }));
  }

  async similarReviews(name: string, model: string, id: string, options: SearchOptions): Promise<ScoredReview[]> {
    // Qdrant's query API takes the id and uses the stored vector: nothing is embedded again.
    return this.query(name, model, id, options, [{ has_id: [id] }]);
  }

  private async query(
    name: string,
    using: string,
    query: number[] | string | Awaited<ReturnType<QdrantBm25['document']>>,
    options: SearchOptions,
    mustNot: unknown[] = [],
  ): Promise<ScoredReview[]> {
    const filter = toQdrantFilter(options.filter, mustNot);
    const response = await this.qdrant.call(`search '${name}'`, (client) =>
      client.query(name, {
        query: using === SPARSE_VECTOR ? query : nearestQuery(query, options),
        using,
        limit: options.limit,
        offset: options.offset,
        score_threshold: options.scoreThreshold,
        filter,
        with_payload: true,
        with_vector: options.withVector ? [options.withVector] : false,
      }),
    );
    return response.points.map((point) => ({ ...toStoredReview(point, options.withVector), score: point.score }));
  }
}

function toQdrantFilter(filter: ReviewFilter | undefined, mustNot: unknown[]): QdrantFilter | undefined {
  const must: unknown[] = [];
  const range = (key: string, gte?: number, lte?: number) => {
    if (gte !== undefined || lte !== undefined) must.push({ key, range: { gte, lte } });
  };
  range('overall', filter?.minRating, filter?.maxRating);
  range('textLength', filter?.minLength, filter?.maxLength);
  range('unixReviewTime', filter?.dateFrom, filter?.dateTo);
  if (filter?.asin !== undefined) must.push({ key: 'asin', match: { value: filter.asin } });
  if (must.length === 0 && mustNot.length === 0) return undefined;
  return { ...(must.length ? { must } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) };
}
