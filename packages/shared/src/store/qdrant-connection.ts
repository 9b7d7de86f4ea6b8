import { setTimeout as sleep } from 'node:timers/promises';
import { QdrantClient } from '@qdrant/js-client-rest';
import { isClosedConnection, isRefusedConnection, isTransientTransportFailure, qdrantAnswer, translateQdrantError } from './qdrant-errors';

export interface QdrantStoreOptions {
  url: string;
  /** Further peers of the same cluster, in order of preference, used while `url` (and those before them) do not answer. */
  failover?: readonly string[];
  apiKey?: string;
  /** `shard_number` and `replication_factor` of collections it creates (distributed mode). */
  shards?: number;
  replication?: number;
  /** Seconds before a request is abandoned. */
  timeoutSeconds?: number;
  /** How long a peer that stopped answering is passed over before it is tried again (default 5 s). */
  peerRetryMs?: number;
}

interface Peer {
  url: string;
  client: QdrantClient;
  /** Passed over until then (ms since the epoch), after it stopped answering. */
  retryAt: number;
}

/** A request failed because its peer does not answer: another peer may. */
class PeerDown extends Error {
  constructor(readonly translated: Error) {
    super(translated.message);
  }
}

/**
 * The clients of one Qdrant server, or of the peers of one cluster, and the
 * way every request is sent: to the first peer (in the order given) that has
 * not stopped answering in the last `peerRetryMs`, and, when that peer does
 * not answer, at once to the next. A peer passed over is tried again first
 * once its time is up, so requests go back to it when it is back.
 */
export class QdrantConnection {
  private readonly peers: Peer[];
  private readonly peerRetryMs: number;
  private answered: Peer;

  constructor(readonly options: QdrantStoreOptions) {
    const urls = [...new Set([options.url, ...(options.failover ?? [])])];
    this.peers = urls.map((url) => ({
      url,
      retryAt: 0,
      client: new QdrantClient({ url, apiKey: options.apiKey, timeout: (options.timeoutSeconds ?? 60) * 1000, checkCompatibility: false }),
    }));
    this.peerRetryMs = options.peerRetryMs ?? 5000;
    this.answered = this.peers[0]!;
  }

  /** The peer that answered the last request (before any, the first). */
  get peer(): string {
    return this.answered.url;
  }

  /**
   * Runs one request, turning transport failures and Qdrant's answers into our
   * errors. On one peer: sent again, up to twice, when it met a pooled
   * connection the server had just closed (undici's "other side closed", a
   * reset), at once; when Qdrant answered 5xx (in a cluster, a peer that has
   * just died fails the shard reads routed to it until the others notice) or
   * the request failed in transit for another reason than a refused
   * connection, after 200 then 400 ms. A peer that refuses the connection, or
   * still fails in transit after that, is passed over and the request goes to
   * the next peer; when none is left (one Qdrant that is down), the caller
   * gets its 503 without waiting.
   * Every request here is idempotent: reads, upserts by fixed id, alias and
   * collection operations towards a target state.
   */
  async call<T>(what: string, request: (client: QdrantClient) => Promise<T>): Promise<T> {
    const tried: Peer[] = [];
    for (;;) {
      const peer = this.pick(tried);
      tried.push(peer);
      try {
        return await this.callPeer(peer, what, request);
      } catch (error) {
        if (!(error instanceof PeerDown)) throw error;
        peer.retryAt = Date.now() + this.peerRetryMs;
        if (tried.length === this.peers.length) throw error.translated;
      }
    }
  }

  private async callPeer<T>(peer: Peer, what: string, request: (client: QdrantClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answer = await request(peer.client);
        peer.retryAt = 0;
        this.answered = peer;
        return answer;
      } catch (error) {
        const translated = translateQdrantError(peer.url, what, error);
        const unreachable = isRefusedConnection(error) || isClosedConnection(error) || isTransientTransportFailure(error);
        if (isRefusedConnection(error) || (attempt >= 3 && unreachable)) throw new PeerDown(translated);
        if (attempt >= 3) throw translated;
        if (isClosedConnection(error)) continue;
        if ((qdrantAnswer(error).status ?? 0) >= 500 || isTransientTransportFailure(error)) {
          await sleep(200 * attempt);
          continue;
        }
        throw translated;
      }
    }
  }

  /** The first peer not yet tried whose pause is over, else the untried one whose pause ends first. */
  private pick(tried: readonly Peer[]): Peer {
    const left = this.peers.filter((peer) => !tried.includes(peer));
    const now = Date.now();
    return left.find((peer) => peer.retryAt <= now) ?? left.reduce((soonest, peer) => (peer.retryAt < soonest.retryAt ? peer : soonest));
  }
}
