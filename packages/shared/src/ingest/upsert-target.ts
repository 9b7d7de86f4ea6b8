import { ConflictError, InputError, NotFoundError } from '../errors';
import type { VectorStore } from '../store/vector-store.port';

/**
 * Where an upsert ingest writes, and with which model: the named collection,
 * else the build the alias points at; always with the model its vectors were
 * made with (naming another is refused).
 */
export async function upsertTarget(
  store: VectorStore,
  alias: string,
  asked: { collection?: string; model?: string },
): Promise<{ collection: string; model: string }> {
  const collection = asked.collection ?? (await store.aliasTarget(alias));
  if (!collection) throw new ConflictError(`no live build to upsert into: '${alias}' points at none yet; run a full ingest first`);
  const info = await store.describeCollection(collection);
  if (!info?.model) throw new NotFoundError(`no collection '${collection}' with an embedding model to upsert into`);
  if (asked.model !== undefined && asked.model !== info.model) {
    throw new InputError(`'${collection}' holds ${info.model} vectors: an upsert into it embeds with ${info.model}, not ${asked.model} (leave model out)`);
  }
  return { collection, model: info.model };
}
