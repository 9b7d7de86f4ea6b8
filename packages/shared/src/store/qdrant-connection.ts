import { setTimeout as sleep } from 'node:timers/promises';
import { QdrantClient } from '@qdrant/js-client-rest';
import { isClosedConnection, isTransientTransportFailure, qdrantAnswer, translateQdrantError } from './qdrant-errors';

export interface QdrantStoreOptions {
  url: string;
  apiKey?: string;
  /** `shard_number` and `replication_factor` of collections it creates (distributed mode). */
  shards?: number;
  replication?: number;
  /** Seconds before a request is abandoned. */
  timeoutSeconds?: number;
}

/** The client of one Qdrant server and the way every request to it is sent. */
export class QdrantConnection {
  readonly client: QdrantClient;

  constructor(readonly options: QdrantStoreOptions) {
    this.client = new QdrantClient({
      url: options.url,
      apiKey: options.apiKey,
      timeout: (options.timeoutSeconds ?? 60) * 1000,
      checkCompatibility: false,
    });
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
  async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await request();
      } catch (error) {
        if (attempt >= 3) throw translateQdrantError(this.options.url, what, error);
        if (isClosedConnection(error)) continue;
        if ((qdrantAnswer(error).status ?? 0) >= 500 || isTransientTransportFailure(error)) {
          await sleep(200 * attempt);
          continue;
        }
        throw translateQdrantError(this.options.url, what, error);
      }
    }
  }
}
