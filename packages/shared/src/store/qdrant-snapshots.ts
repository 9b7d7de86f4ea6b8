import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { qdrantUrl, type Config } from '../config';
import { UnavailableError, UpstreamError } from '../errors';
import { QdrantConnection, type QdrantStoreOptions } from './qdrant-connection';

/** A snapshot Qdrant holds of one collection. */
export const collectionSnapshotSchema = z.object({
  name: z.string(),
  size: z.number().int().describe('Bytes.'),
  createdAt: z.string().nullable(),
});
export type CollectionSnapshot = z.output<typeof collectionSnapshotSchema>;

/**
 * Backups of collections through Qdrant's snapshot API: a snapshot is made by
 * Qdrant on its own disk (points, vectors, payload indexes and the
 * collection's metadata: the build's BM25 options, calibration and record),
 * downloaded to a file, and restored from the file into any Qdrant (an empty
 * one included) under any collection name.
 */
export class QdrantSnapshots {
  private readonly qdrant: QdrantConnection;

  constructor(private readonly options: QdrantStoreOptions) {
    this.qdrant = new QdrantConnection(options);
  }

  async create(collection: string): Promise<CollectionSnapshot> {
    const made = await this.qdrant.call(`snapshot '${collection}'`, (client) => client.createSnapshot(collection, { wait: true }));
    if (!made) throw new UpstreamError(`Qdrant made no snapshot of '${collection}'`);
    return { name: made.name, size: made.size, createdAt: made.creation_time ?? null };
  }

  async list(collection: string): Promise<CollectionSnapshot[]> {
    const snapshots = await this.qdrant.call(`list the snapshots of '${collection}'`, (client) => client.listSnapshots(collection));
    return snapshots
      .map((s) => ({ name: s.name, size: s.size, createdAt: s.creation_time ?? null }))
      .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  }

  /** Streams the snapshot into `file`. */
  async download(collection: string, snapshot: string, file: string): Promise<void> {
    const response = await this.send(`download snapshot '${snapshot}' of '${collection}'`, `/collections/${enc(collection)}/snapshots/${enc(snapshot)}`, {
      method: 'GET',
    });
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), fs.createWriteStream(file));
  }

  /**
   * Restores `file` into `collection` (made, or replaced when it exists; the
   * snapshot's data wins over what was there), and waits until it is done.
   */
  async restore(collection: string, file: string): Promise<void> {
    const form = new FormData();
    form.append('snapshot', await fs.openAsBlob(file), 'snapshot.snapshot');
    await this.send(`restore '${collection}' from a snapshot`, `/collections/${enc(collection)}/snapshots/upload?priority=snapshot&wait=true`, {
      method: 'POST',
      body: form,
    });
  }

  private async send(what: string, path: string, init: RequestInit): Promise<Response> {
    const headers = this.options.apiKey ? { 'api-key': this.options.apiKey } : undefined;
    let response: Response;
    try {
      response = await fetch(`${this.options.url.replace(/\/$/, '')}${path}`, { ...init, headers });
    } catch (error) {
      throw new UnavailableError(`Qdrant at ${this.options.url} cannot be reached (${what})`, undefined, { cause: error });
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      throw new UpstreamError(`Qdrant could not ${what}: ${response.status} ${text}`);
    }
    return response;
  }
}

const enc = encodeURIComponent;

export function qdrantSnapshots(config: Config): QdrantSnapshots {
  return new QdrantSnapshots({ url: qdrantUrl(config), apiKey: config.qdrant.apiKey });
}
