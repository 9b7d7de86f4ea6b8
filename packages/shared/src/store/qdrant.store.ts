import type { BuildSchema } from './build-schema';
import type { SearchCalibration } from '../calibration/search-calibration';
import type { BuildRecord } from './build-record';
import { qdrantUrl, type Config } from '../config';
import type { Bm25Options } from '../lexical/bm25-options';
import { QdrantBm25 } from './qdrant-bm25';
import { QdrantCollections } from './qdrant-collections';
import { QdrantConnection, type QdrantStoreOptions } from './qdrant-connection';
import { QdrantPoints } from './qdrant-points';
import { QdrantSearch } from './qdrant-search';
import type { CollectionInfo } from './collection-info';
import type {
  ReviewPoint,
  ScoredReview,
  SearchOptions,
  SearchQuery,
  StoredReview,
  VectorStore,
} from './vector-store.port';

export { SPARSE_VECTOR } from './qdrant-collections';
export type { QdrantStoreOptions } from './qdrant-connection';

/** The vector store on Qdrant's REST API: one dense vector (named after its model) and one sparse vector per review. */
export class QdrantStore implements VectorStore {
  private readonly connection: QdrantConnection;
  private readonly collections: QdrantCollections;
  private readonly bm25: QdrantBm25;
  private readonly points: QdrantPoints;
  private readonly search: QdrantSearch;

  constructor(options: QdrantStoreOptions) {
    const connection = new QdrantConnection(options);
    this.connection = connection;
    this.collections = new QdrantCollections(connection);
    this.bm25 = new QdrantBm25(connection);
    this.points = new QdrantPoints(connection, this.bm25);
    this.search = new QdrantSearch(connection, this.bm25);
  }

  /** The Qdrant peer that answered the last request (with several in `QDRANT_URL`, the first that answers). */
  get peer(): string {
    return this.connection.peer;
  }

  async ping(): Promise<void> {
    await this.connection.call('health check', (client) => client.getCollections());
  }

  ensureCollection(name: string, dimension: number, model: string): Promise<void> {
    return this.collections.ensureCollection(name, dimension, model);
  }

  describeCollection(name: string): Promise<CollectionInfo | undefined> {
    return this.collections.describeCollection(name);
  }

  listCollections(): Promise<CollectionInfo[]> {
    return this.collections.listCollections();
  }

  deleteCollection(name: string): Promise<void> {
    return this.collections.deleteCollection(name);
  }

  aliasTarget(alias: string): Promise<string | undefined> {
    return this.collections.aliasTarget(alias);
  }

  switchAlias(alias: string, collection: string): Promise<void> {
    return this.collections.switchAlias(alias, collection);
  }

  recordBm25Options(name: string, options: Bm25Options): Promise<Bm25Options> {
    return this.bm25.record(name, options);
  }

  upsertReviews(name: string, model: string, points: readonly ReviewPoint[]): Promise<void> {
    return this.points.upsertReviews(name, model, points);
  }

  searchReviews(name: string, model: string, query: SearchQuery, options: SearchOptions): Promise<ScoredReview[]> {
    return this.search.searchReviews(name, model, query, options);
  }

  similarReviews(name: string, model: string, id: string, options: SearchOptions): Promise<ScoredReview[]> {
    return this.search.similarReviews(name, model, id, options);
  }

  getReviews(name: string, ids: readonly string[], options: { withVector?: string } = {}): Promise<StoredReview[]> {
    return this.points.getReviews(name, ids, options);
  }

  listIds(name: string): Promise<string[]> {
    return this.points.listIds(name);
  }

  scrollReviews(name: string, model: string, options: { limit?: number; pageSize?: number; withVector?: boolean } = {}): AsyncGenerator<StoredReview> {
    return this.points.scrollReviews(name, model, options);
  }

  recordBuild(name: string, record: Partial<BuildRecord>): Promise<BuildRecord> {
    return this.collections.recordBuild(name, record);
  }

  recordSchema(name: string, schema: BuildSchema): Promise<void> {
    return this.collections.recordSchema(name, schema);
  }

  recordCalibration(name: string, calibration: SearchCalibration): Promise<void> {
    return this.collections.recordCalibration(name, calibration);
  }
}

/** The store a process uses, from its configuration. */
export function qdrantStore(config: Config): QdrantStore {
  return new QdrantStore({
    url: qdrantUrl(config),
    failover: config.qdrant.peers.slice(1),
    apiKey: config.qdrant.apiKey,
    shards: config.qdrant.shards,
    replication: config.qdrant.replication,
  });
}
