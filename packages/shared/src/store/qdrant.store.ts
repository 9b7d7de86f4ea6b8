import { QdrantClient } from '@qdrant/js-client-rest';
import { ConflictError, DimensionMismatchError, errorMessage, NotFoundError, ReviewSearchError, UnavailableError } from '../errors';
import type { Review } from '../reviews/review';
import type { CollectionInfo, ReviewPoint, ScoredReview, VectorStore } from './vector-store.port';

export interface QdrantStoreOptions {
  url: string;
  apiKey?: string;
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
          }),
        );
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

  async upsertReviews(name: string, model: string, points: readonly ReviewPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.call(`upsert into '${name}'`, () =>
      this.client.upsert(name, {
        wait: true,
        points: points.map((point) => ({
          id: point.id,
          vector: { [model]: point.vector },
          payload: point.review as unknown as Record<string, unknown>,
        })),
      }),
    );
  }

  async searchReviews(name: string, model: string, vector: number[], limit: number): Promise<ScoredReview[]> {
    const response = await this.call(`search '${name}'`, () =>
      this.client.query(name, { query: vector, using: model, limit, with_payload: true }),
    );
    return response.points.map((point) => ({
      id: String(point.id),
      score: point.score,
      review: point.payload as unknown as Review,
    }));
  }

  /** Runs one request, turning transport failures and Qdrant's answers into our errors. */
  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const message = errorMessage(error);
      if (/404 \(Not Found\)/.test(message) && /Collection .* doesn't exist|Not found: Collection/i.test(message)) {
        throw new NotFoundError(`${what}: the collection does not exist yet; ingest reviews first (POST /ingest)`);
      }
      if (/\b(400|409|422)\b/.test(message.split('\n')[0] ?? '')) {
        throw new ReviewSearchError(`Qdrant refused ${what}: ${message.split('\n').slice(0, 3).join(' ')}`, undefined, { cause: error });
      }
      throw new UnavailableError(
        `Qdrant at ${this.options.url} failed during ${what}: ${describeTransportError(error)}`,
        undefined,
        { cause: error },
      );
    }
  }
}

function describeTransportError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return code ? `${errorMessage(error)} (${code})` : errorMessage(error).split('\n')[0]!;
}
