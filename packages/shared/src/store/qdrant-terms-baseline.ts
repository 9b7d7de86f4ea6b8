import { qdrantUrl, type Config } from '../config';
import { documentTerms, queryTerms } from '../lexical/bm25-terms';
import { QdrantConnection } from './qdrant-connection';
import type { StoredReview } from './vector-store.port';

const TERMS_VECTOR = 'terms';

/**
 * For the evaluation only: the sparse vectors the service made itself before
 * Qdrant's BM25 did (hashed terms, BM25 weights computed here, IDF applied by
 * Qdrant), kept in a collection of their own beside a build, so both kinds of
 * sparse search can be measured on the same reviews and the same queries.
 */
export class TermsBaseline {
  private readonly qdrant: QdrantConnection;

  constructor(
    config: Config,
    readonly collection: string,
  ) {
    this.qdrant = new QdrantConnection({ url: qdrantUrl(config), apiKey: config.qdrant.apiKey });
  }

  /** Fills the baseline collection with the old sparse vectors of these reviews (same point ids). */
  async build(reviews: AsyncIterable<StoredReview>): Promise<number> {
    await this.drop();
    await this.qdrant.call(`create '${this.collection}'`, () =>
      this.qdrant.client.createCollection(this.collection, { vectors: {}, sparse_vectors: { [TERMS_VECTOR]: { modifier: 'idf' } } }),
    );
    let count = 0;
    let page: StoredReview[] = [];
    const send = async () => {
      const points = page.map((stored) => ({
        id: stored.id,
        vector: { [TERMS_VECTOR]: documentTerms(stored.review.reviewText) },
        payload: {},
      }));
      await this.qdrant.call(`upsert into '${this.collection}'`, () => this.qdrant.client.upsert(this.collection, { wait: true, points }));
      count += page.length;
      page = [];
    };
    for await (const stored of reviews) {
      page.push(stored);
      if (page.length >= 256) await send();
    }
    if (page.length > 0) await send();
    return count;
  }

  /** The ids of the reviews the old sparse search ranks first for this text. */
  async search(text: string, limit: number): Promise<{ id: string }[]> {
    const response = await this.qdrant.call(`search '${this.collection}'`, () =>
      this.qdrant.client.query(this.collection, { query: queryTerms(text), using: TERMS_VECTOR, limit }),
    );
    return response.points.map((point) => ({ id: String(point.id) }));
  }

  async drop(): Promise<void> {
    const { exists } = await this.qdrant.call('collection lookup', () => this.qdrant.client.collectionExists(this.collection));
    if (exists) await this.qdrant.call(`delete '${this.collection}'`, () => this.qdrant.client.deleteCollection(this.collection));
  }
}
