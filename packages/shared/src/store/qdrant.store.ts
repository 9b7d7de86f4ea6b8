import { setTimeout as sleep } from 'node:timers/promises';
import { QdrantClient } from '@qdrant/js-client-rest';
import { qdrantUrl, type Config } from '../config';
import { ConflictError, DimensionMismatchError, errorMessage, NotFoundError, ReviewSearchError, UnavailableError } from '../errors';
import type { Review } from '../reviews/review';
import { FILTERED_FIELDS, type ReviewFilter } from './review-filter';
import type { SparseVector } from '../lexical/bm25-terms';
import type {
  CollectionInfo,
  ReviewPoint,
  ScoredReview,
  SearchOptions,
  SearchQuery,
  StoredReview,
  VectorStore,
} from './vector-store.port';

/** The name of the sparse (BM25) vector of every review. */
export const SPARSE_VECTOR = 'bm25';

type QdrantFilter = { must?: unknown[]; must_not?: unknown[] };
type QdrantPoint = { id: string | number; payload?: Record<string, unknown> | null; vector?: unknown; score?: number };

export interface QdrantStoreOptions {
  url: string;
  apiKey?: string;
  /** `shard_number` and `replication_factor` of collections it creates (distributed mode). */
  shards?: number;
  replication?: number;
  /** Seconds before a request is abandoned. */
  timeoutSeconds?: number;
}

/** The vector store on Qdrant's REST API: one unnamed dense vector per review, cosine distance. */
export class QdrantStore implements VectorStore {
  private readonly client: QdrantClient;

  constructor(private readonly options: QdrantStoreOptions) {
    this.client = new QdrantClient({
      url: options.url,
      apiKey: options.apiKey,
      timeout: (options.timeoutSeconds ?? 60) * 1000,
      checkCompatibility: false,
    });
  }

  async ping(): Promise<void> {
    await this.call('health check', () => this.client.getCollections());
  }

  async ensureCollection(name: string, dimension: number, model: string): Promise<void> {
    const existing = await this.describeCollection(name);
    if (!existing) {
      try {
        await this.call(`create collection '${name}'`, () =>
          this.client.createCollection(name, {
            // The dense vector is named after its model: the collection says what embedded it.
            vectors: { [model]: { size: dimension, distance: 'Cosine' } },
            // BM25 term weights beside it; Qdrant applies the IDF.
            sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
            shard_number: this.options.shards ?? 1,
            replication_factor: this.options.replication ?? 1,
          }),
        );
        await this.ensurePayloadIndexes(name);
        return;
      } catch (error) {
        // Another worker may have created it first: fall through and check it.
        if (!/already exists/i.test(errorMessage(error))) throw error;
      }
    }
    const current = existing ?? (await this.describeCollection(name));
    if (current && current.dimension !== dimension) {
      throw new DimensionMismatchError(name, current.dimension, model, dimension);
    }
    if (current?.model && current.model !== model) {
      throw new ConflictError(
        `collection '${name}' holds embeddings of model '${current.model}'; ingesting with '${model}' would mix ` +
          'two embedding spaces: ingest into another collection (COLLECTION) or use the same model',
        { collection: name, collectionModel: current.model, model },
      );
    }
    await this.ensurePayloadIndexes(name);
  }

  /** Indexes the payload fields that filters use (creating an existing index is a no-op). */
  private async ensurePayloadIndexes(name: string): Promise<void> {
    for (const [field, schema] of Object.entries(FILTERED_FIELDS)) {
      await this.call(`index '${field}' of '${name}'`, () =>
        this.client.createPayloadIndex(name, { field_name: field, field_schema: schema, wait: true }),
      );
    }
  }

  async describeCollection(name: string): Promise<CollectionInfo | undefined> {
    const exists = await this.call('collection lookup', () => this.client.collectionExists(name));
    if (!exists.exists) return undefined;
    const info = await this.call(`describe collection '${name}'`, () => this.client.getCollection(name));
    const vectors = (info.config.params.vectors ?? {}) as Record<string, unknown>;
    const unnamed = typeof vectors.size === 'number';
    const [model, params] = unnamed ? [undefined, vectors] : (Object.entries(vectors)[0] ?? []);
    return {
      name,
      dimension: Number((params as { size?: unknown } | undefined)?.size ?? Number.NaN),
      model,
      points: info.points_count ?? 0,
      status: info.status,
    };
  }

  async listCollections(): Promise<CollectionInfo[]> {
    const { collections } = await this.call('list collections', () => this.client.getCollections());
    const described = await Promise.all(collections.map((c) => this.describeCollection(c.name)));
    return described.filter((c): c is CollectionInfo => c !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteCollection(name: string): Promise<void> {
    await this.call(`delete collection '${name}'`, () => this.client.deleteCollection(name));
  }

  async aliasTarget(alias: string): Promise<string | undefined> {
    const { aliases } = await this.call('list aliases', () => this.client.getAliases());
    return aliases.find((a) => a.alias_name === alias)?.collection_name;
  }

  async switchAlias(alias: string, collection: string): Promise<void> {
    const current = await this.aliasTarget(alias);
    if (current === collection) return;
    await this.call(`point alias '${alias}' at '${collection}'`, () =>
      this.client.updateCollectionAliases({
        actions: [
          ...(current ? [{ delete_alias: { alias_name: alias } }] : []),
          { create_alias: { collection_name: collection, alias_name: alias } },
        ],
      }),
    );
  }

  async upsertReviews(name: string, model: string, points: readonly ReviewPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.call(`upsert into '${name}'`, () =>
      this.client.upsert(name, {
        wait: true,
        points: points.map((point) => ({
          id: point.id,
          vector: { [model]: point.vector, [SPARSE_VECTOR]: point.terms },
          payload: point.review as unknown as Record<string, unknown>,
        })),
      }),
    );
  }

  async searchReviews(name: string, model: string, query: SearchQuery, options: SearchOptions): Promise<ScoredReview[]> {
    if (query.mode === 'dense') return this.query(name, model, query.vector, options);
    if (query.mode === 'sparse') return this.query(name, SPARSE_VECTOR, query.terms, options);
    const filter = toQdrantFilter(options.filter, []);
    const depth = Math.max(50, (options.offset ?? 0) + options.limit * 4);
    const response = await this.call(`hybrid search '${name}'`, () =>
      this.client.query(name, {
        prefetch: [
          { query: query.vector, using: model, limit: depth, filter },
          { query: query.terms, using: SPARSE_VECTOR, limit: depth, filter },
        ],
        query: { fusion: 'rrf' },
        limit: options.limit,
        offset: options.offset,
        with_payload: true,
      }),
    );
    return response.points.map((point) => ({ ...toStoredReview(point), score: point.score }));
  }

  async similarReviews(name: string, model: string, id: string, options: SearchOptions): Promise<ScoredReview[]> {
    // Qdrant's query API takes the id and uses the stored vector: nothing is embedded again.
    return this.query(name, model, id, options, [{ has_id: [id] }]);
  }

  async getReviews(name: string, ids: readonly string[], options: { withVector?: string } = {}): Promise<StoredReview[]> {
    if (ids.length === 0) return [];
    const points = await this.call(`retrieve from '${name}'`, () =>
      this.client.retrieve(name, {
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
      const page = await this.call(`list ids of '${name}'`, () =>
        this.client.scroll(name, { limit: 10_000, offset, with_payload: false, with_vector: false }),
      );
      for (const point of page.points) ids.push(String(point.id));
      offset = (page.next_page_offset ?? undefined) as string | number | undefined;
    } while (offset !== undefined);
    return ids;
  }

  async *scrollReviews(
    name: string,
    model: string,
    options: { limit?: number; pageSize?: number } = {},
  ): AsyncGenerator<StoredReview> {
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let offset: string | number | undefined;
    do {
      const limit = Math.min(options.pageSize ?? 256, remaining);
      const page = await this.call(`read '${name}'`, () =>
        this.client.scroll(name, { limit, offset, with_payload: true, with_vector: [model] }),
      );
      for (const point of page.points) yield toStoredReview(point, model);
      remaining -= page.points.length;
      offset = (page.next_page_offset ?? undefined) as string | number | undefined;
    } while (offset !== undefined && remaining > 0);
  }

  private async query(
    name: string,
    using: string,
    query: number[] | string | SparseVector,
    options: SearchOptions,
    mustNot: unknown[] = [],
  ): Promise<ScoredReview[]> {
    const filter = toQdrantFilter(options.filter, mustNot);
    const response = await this.call(`search '${name}'`, () =>
      this.client.query(name, {
        query,
        using,
        limit: options.limit,
        offset: options.offset,
        score_threshold: options.scoreThreshold,
        filter,
        with_payload: true,
      }),
    );
    return response.points.map((point) => ({ ...toStoredReview(point), score: point.score }));
  }

  /**
   * Runs one request, turning transport failures and Qdrant's answers into our
   * errors. Sent again, up to twice, when it met a pooled connection the server
   * had just closed (undici's "other side closed", a reset), at once; when
   * Qdrant answered 5xx (in a cluster, a peer that has just died fails the
   * shard reads routed to it until the others notice) or the request failed in
   * transit for another reason than a refused connection, after 200 then
   * 400 ms. A refused connection (Qdrant down) fails at once: the caller gets
   * its 503 without waiting.
   * Every request here is idempotent: reads, upserts by fixed id, alias and
   * collection operations towards a target state.
   */
  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await request();
      } catch (error) {
        if (attempt >= 3) throw this.translate(what, error);
        if (isClosedConnection(error)) continue;
        if ((qdrantAnswer(error).status ?? 0) >= 500 || isTransientTransportFailure(error)) {
          await sleep(200 * attempt);
          continue;
        }
        throw this.translate(what, error);
      }
    }
  }

  private translate(what: string, error: unknown): Error {
    const { status, reason } = qdrantAnswer(error);
    if (status === 404 && /Collection .* doesn't exist|Not found: Collection/i.test(reason)) {
      return new NotFoundError(`${what}: the collection does not exist yet; ingest reviews first (POST /ingest)`);
    }
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return new ReviewSearchError(`Qdrant refused ${what}: ${status} ${reason}`, undefined, { cause: error });
    }
    return new UnavailableError(`Qdrant at ${this.options.url} failed during ${what}: ${describeTransportError(error)}`, undefined, {
      cause: error,
    });
  }
}

/**
 * The status and reason of an answer Qdrant gave, whichever way the client
 * reports it: an `ApiError` (`status`, `data.status.error`) or an "Unexpected
 * Response: 404 (Not Found)" message with the raw content.
 */
function qdrantAnswer(error: unknown): { status?: number; reason: string } {
  const message = errorMessage(error);
  const fields = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; data?: { status?: { error?: unknown } } };
  const status = typeof fields.status === 'number' ? fields.status : Number(/Unexpected Response: (\d{3})/.exec(message)?.[1]) || undefined;
  const reason = typeof fields.data?.status?.error === 'string' ? fields.data.status.error : message.split('\n').slice(0, 3).join(' ');
  return { status, reason };
}

/** The pooled connection was closed by the server (keep-alive race) or reset before an answer. */
function isClosedConnection(error: unknown): boolean {
  return ['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE'].includes(transportCode(error) ?? '');
}

/** fetch failed in transit (no answer from Qdrant), and not because nothing listens. */
function isTransientTransportFailure(error: unknown): boolean {
  return errorMessage(error) === 'fetch failed' && transportCode(error) !== 'ECONNREFUSED';
}

function describeTransportError(error: unknown): string {
  const code = transportCode(error);
  if (code) return `${errorMessage(error)} (${code})`;
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return cause === undefined ? errorMessage(error).split('\n')[0]! : `${errorMessage(error)} (${errorMessage(cause)})`;
}

/**
 * The code of the network error under fetch's "fetch failed", if any. Read by
 * shape, not `instanceof`: fetch's errors come from Node's own realm, which is
 * not always the caller's (a VM context, a test runner's sandbox).
 */
function transportCode(error: unknown): string | undefined {
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function toStoredReview(point: QdrantPoint, model?: string): StoredReview {
  const stored: StoredReview = { id: String(point.id), review: point.payload as unknown as Review };
  const vectors = point.vector as Record<string, number[]> | undefined;
  if (model && vectors?.[model]) stored.vector = vectors[model];
  return stored;
}

function toQdrantFilter(filter: ReviewFilter | undefined, mustNot: unknown[]): QdrantFilter | undefined {
  const must: unknown[] = [];
  const range = (key: string, gte?: number, lte?: number) => {
    if (gte !== undefined || lte !== undefined) must.push({ key, range: { gte, lte } });
  };
  range('overall', filter?.minRating, filter?.maxRating);
  range('textLength', filter?.minLength, filter?.maxLength);
  if (filter?.asin !== undefined) must.push({ key: 'asin', match: { value: filter.asin } });
  if (must.length === 0 && mustNot.length === 0) return undefined;
  return { ...(must.length ? { must } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) };
}

/** The store a process uses, from its configuration. */
export function qdrantStore(config: Config): QdrantStore {
  return new QdrantStore({
    url: qdrantUrl(config),
    apiKey: config.qdrant.apiKey,
    shards: config.qdrant.shards,
    replication: config.qdrant.replication,
  });
}
