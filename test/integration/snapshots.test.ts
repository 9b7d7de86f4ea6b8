import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { denseQuery, loadEmbedder, QdrantStore, sparseQuery, startLocalQdrant, type LocalQdrant } from '@review-search/shared';
import { freePort } from '../support/free-port';
import { startTestStack, testEnv, type TestStack } from '../support/stack';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../services/ingest/dist/snapshot-cli.js');
const QUERIES = ['strings that stay in tune', 'noisy cable', 'great pedal for the price', 'the mic picks up hum', 'cheap capo'];

describe('backups: a snapshot restored into an empty Qdrant answers as the original', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-snapshots-'));
  let stack: TestStack;
  let empty: LocalQdrant;
  let live: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const accepted = await stack.post('/ingest', { source: testEnv('CORPUS'), limit: 150, activate: true });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    live = (await stack.store.aliasTarget(stack.config.collection))!;
    const port = await freePort();
    empty = await startLocalQdrant({ storagePath: path.join(work, 'empty-qdrant'), port, grpcPort: await freePort() });
  });
  afterAll(async () => {
    await stack.close();
    await empty.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const cli = (args: string[], qdrantUrl: string) =>
    run(process.execPath, [CLI, ...args], {
      env: { ...process.env, QDRANT_URL: qdrantUrl, DATA_DIR: work, COLLECTION: stack.config.collection, REDIS_URL: stack.config.redisUrl, LOG_LEVEL: 'silent' },
    });

  /** The top 10 of each query, dense and sparse, as score and id (reviews of equal score in id order: Qdrant may break ties either way). */
  async function answers(store: QdrantStore, collection: string): Promise<string[][]> {
    const embedder = await loadEmbedder('use-lite', { cacheDir: stack.config.modelCacheDir });
    const lists: string[][] = [];
    for (const query of QUERIES) {
      const [vector] = await embedder.embed([query], 'query');
      for (const search of [denseQuery(vector!), sparseQuery(query)]) {
        const top = await store.searchReviews(collection, 'use-lite', search, { limit: 10 });
        lists.push(top.map((r) => `${r.score.toFixed(5)} ${r.id}`).sort((a, b) => parseFloat(b) - parseFloat(a) || a.localeCompare(b)));
      }
    }
    return lists;
  }

  it('POST /collections/:name/snapshots makes one of the live collection; GET lists it', async () => {
    const made = await stack.post(`/collections/${stack.config.collection}/snapshots`, {});
    expect(made.status).toBe(201);
    expect(made.body.collection).toBe(live);
    expect(made.body.snapshot.size).toBeGreaterThan(0);
    const listed = await stack.get(`/collections/${stack.config.collection}/snapshots`);
    expect(listed.status).toBe(200);
    expect(listed.body.snapshots.map((s: { name: string }) => s.name)).toContain(made.body.snapshot.name);
    expect((await stack.post('/collections/no-such-collection/snapshots', {})).status).toBe(404);
  });

  it('pnpm snapshot create, then restore into an empty Qdrant: the same points, metadata and top 10s', async () => {
    const created = await cli(['create'], testEnv('QDRANT_URL'));
    const file = /: (\S+\.snapshot)$/m.exec(created.stdout)?.[1];
    expect(file).toBeDefined();
    expect(fs.existsSync(file!)).toBe(true);

    const restored = await cli(['restore', file!, '--activate'], empty.url);
    expect(restored.stdout).toContain(`restored '${live}': 150 points (the snapshot held 150)`);
    const copy = new QdrantStore({ url: empty.url });
    expect(await copy.aliasTarget(stack.config.collection)).toBe(live);
    const [before, after] = [await stack.store.describeCollection(live), await copy.describeCollection(live)];
    expect(after).toMatchObject({ points: before!.points, model: 'use-lite', dimension: 512, bm25: before!.bm25, calibration: before!.calibration });
    expect(await answers(copy, live)).toEqual(await answers(stack.store, live));
  });

  it('restore without a note of the collection asks for one', async () => {
    const bare = path.join(work, 'bare.snapshot');
    fs.writeFileSync(bare, 'not a snapshot');
    await expect(cli(['restore', bare], empty.url)).rejects.toMatchObject({ stderr: expect.stringContaining('name one with --collection') });
  });
});
