import { Router } from 'express';
import { z } from 'zod';
import { ConflictError, ForbiddenError, isBuildOf, NotFoundError, type CollectionInfo, type QdrantSnapshots, type VectorStore } from '@review-search/shared';
import { validate } from '../http/validate';
import { activationAnswer, collectionsAnswer, snapshotAnswer, snapshotsAnswer } from '../answers/collections';

export const collectionNameParams = z.strictObject({ name: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a collection name') });

/**
 * The collections of the store, which one is live (the alias), switching the
 * alias atomically, and deleting this alias's builds no longer needed (never
 * the live one, never another alias's or a foreign collection).
 */
export function collectionsRoutes(deps: { store: VectorStore; alias: string; snapshots: QdrantSnapshots }): Router {
  const router = Router();
  const { store, alias, snapshots } = deps;

  router.get('/collections', async (_req, res) => {
    const [collections, live] = await Promise.all([store.listCollections(), store.aliasTarget(alias)]);
    res.json({
      alias,
      live: live ?? null,
      collections: collections.map((c) => ({ ...c, live: c.name === live, state: buildState(c, live) })),
    } satisfies z.output<typeof collectionsAnswer>);
  });

  router.post('/collections/:name/activate', async (req, res) => {
    const { name } = validate(collectionNameParams, req.params, 'path');
    const collection = await store.describeCollection(name);
    if (!collection || name === alias) throw new NotFoundError(`no collection '${name}'`);
    if (!collection.model) throw new ConflictError(`collection '${name}' was not built by review search (its vector has no model name)`);
    const previous = (await store.aliasTarget(alias)) ?? null;
    // Stamped now: a build that started before this activation never takes the alias back (see the ingest's activateBuild).
    await store.recordBuild(name, { activatedAt: Date.now() });
    await store.switchAlias(alias, name);
    res.json({ alias, live: name, previous } satisfies z.output<typeof activationAnswer>);
  });

  // Backups: Qdrant makes the snapshot on its own disk; `pnpm snapshot` downloads and restores them.
  router.post('/collections/:name/snapshots', async (req, res) => {
    const { name } = validate(collectionNameParams, req.params, 'path');
    const collection = (await store.aliasTarget(name)) ?? name;
    if (!(await store.describeCollection(collection))) throw new NotFoundError(`no collection '${name}'`);
    res.status(201).json({ collection, snapshot: await snapshots.create(collection) } satisfies z.output<typeof snapshotAnswer>);
  });

  router.get('/collections/:name/snapshots', async (req, res) => {
    const { name } = validate(collectionNameParams, req.params, 'path');
    const collection = (await store.aliasTarget(name)) ?? name;
    if (!(await store.describeCollection(collection))) throw new NotFoundError(`no collection '${name}'`);
    res.json({ collection, snapshots: await snapshots.list(collection) } satisfies z.output<typeof snapshotsAnswer>);
  });

  router.delete('/collections/:name', async (req, res) => {
    const { name } = validate(collectionNameParams, req.params, 'path');
    if (name === alias || (await store.aliasTarget(alias)) === name) {
      throw new ConflictError(`'${name}' is the live collection: activate another one before deleting it`);
    }
    if (!isBuildOf(alias, name)) {
      throw new ForbiddenError(`'${name}' is not a build of alias '${alias}': only its builds (named '${alias}--<model>--<time>') can be deleted here`, { alias });
    }
    if (!(await store.describeCollection(name))) throw new NotFoundError(`no collection '${name}'`);
    await store.deleteCollection(name);
    res.status(204).end();
  });
  return router;
}

/** live (the alias points at it), building (its ingest runs), or kept (built, superseded or never activated). */
export function buildState(collection: CollectionInfo, live: string | undefined): 'live' | 'building' | 'kept' {
  if (collection.name === live) return 'live';
  return collection.build?.state === 'building' ? 'building' : 'kept';
}
