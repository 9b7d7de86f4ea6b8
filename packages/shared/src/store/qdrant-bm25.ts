import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError } from '../errors';
import { bm25Document, readBm25Options, type Bm25Options } from '../lexical/bm25-options';
import type { QdrantConnection } from './qdrant-connection';

/** How long a recorded update may take to show when read back. */
const READ_BACK_MS = 10_000;

/** The key of collection metadata under which a build records its BM25 options. */
export const BM25_METADATA_KEY = 'bm25';

/**
 * The BM25 options a build records in its collection's metadata, and the
 * documents Qdrant turns into sparse vectors with them.
 */
export class QdrantBm25 {
  constructor(private readonly qdrant: QdrantConnection) {}

  /** The recorded options; `undefined` when the collection records none. */
  async recorded(name: string): Promise<{ options?: Bm25Options; points: number }> {
    const info = await this.qdrant.call(`read the BM25 options of '${name}'`, (client) => client.getCollection(name));
    return { options: readBm25Options(info.config.metadata?.[BM25_METADATA_KEY]), points: info.points_count ?? 0 };
  }

  async record(name: string, options: Bm25Options): Promise<Bm25Options> {
    const current = await this.recorded(name);
    if (current.options) return current.options;
    if (current.points > 0) throw notRecorded(name);
    await this.qdrant.call(`record the BM25 options of '${name}'`, (client) =>
      client.updateCollection(name, { metadata: { [BM25_METADATA_KEY]: options } }),
    );
    // In a cluster the update is applied through consensus: the peer may show it a moment later.
    const deadline = Date.now() + READ_BACK_MS;
    for (;;) {
      const stored = (await this.recorded(name)).options;
      if (stored) return stored;
      if (Date.now() > deadline) {
        throw new ConflictError(`Qdrant did not keep the BM25 options recorded on collection '${name}' (read back for ${READ_BACK_MS / 1000} s)`, { collection: name });
      }
      await sleep(100);
    }
  }

  /** The text as the Qdrant document of the build's sparse vector: refused when the build records no options. */
  async document(name: string, text: string): Promise<ReturnType<typeof bm25Document>> {
    const { options } = await this.recorded(name);
    if (!options) throw notRecorded(name);
    return bm25Document(text, options);
  }

  /** One document per text, with the options read once. */
  async documents(name: string, texts: readonly string[]): Promise<ReturnType<typeof bm25Document>[]> {
    const { options } = await this.recorded(name);
    if (!options) throw notRecorded(name);
    return texts.map((text) => bm25Document(text, options));
  }
}

function notRecorded(name: string): ConflictError {
  return new ConflictError(
    `collection '${name}' records no BM25 options: its reviews' sparse vectors were not made by Qdrant's BM25 ` +
      '(a build made before it did); search it in dense mode, or build it again (POST /ingest)',
    { collection: name },
  );
}
