import { isBuildOf, type VectorStore } from '@review-search/shared';

/**
 * Deletes the alias's superseded builds past the newest `keep` (kept for
 * rollback): never the live one, never one still building, never a collection
 * that is not one of the alias's builds. Newest by start, then by the time in
 * its name. Returns the names deleted.
 */
export async function pruneBuilds(store: VectorStore, alias: string, keep: number): Promise<string[]> {
  const live = await store.aliasTarget(alias);
  const superseded = (await store.listCollections())
    .filter((c) => isBuildOf(alias, c.name) && c.name !== live && c.build?.state !== 'building')
    .sort((a, b) => (b.build?.startedAt ?? 0) - (a.build?.startedAt ?? 0) || b.name.localeCompare(a.name));
  const old = superseded.slice(keep).map((c) => c.name);
  for (const name of old) await store.deleteCollection(name);
  return old;
}
