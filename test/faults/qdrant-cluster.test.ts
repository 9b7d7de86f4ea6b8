import { setTimeout as sleep } from 'node:timers/promises';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { expectedReviews } from '../support/expected-reviews';
import { startQdrantCluster, type QdrantCluster } from '../support/qdrant-cluster';
import { waitUntil } from '../support/wait-until';

interface ShardReplica {
  shard: number;
  peer: number;
  state: string;
  points?: number;
}

const QUERIES = [
  'strings that stay in tune',
  'a cable that crackles and hums',
  'tuner easy to read on a dark stage',
  'pop filter for vocals',
  'guitar strap that is comfortable',
  'cheap capo that works well',
  'pedal with a lot of noise',
  'microphone stand is sturdy',
];

/**
 * Out of one machine: three Qdrant peers on loopback (the real binary in
 * distributed mode), a collection of 3 shards with 2 replicas of each. One
 * peer is killed while searches run; it misses writes, comes back and catches
 * up, proven by then killing another peer.
 */
describe('a three-node Qdrant cluster with a node killed', () => {
  let cluster: QdrantCluster;
  let stack: TestStack;
  let collection: string;

  beforeAll(async () => {
    cluster = await startQdrantCluster(3);
    await waitUntil('three Qdrant peers in the cluster', async () => Object.keys((await qdrant(cluster.nodes[0]!.url, '/cluster')).peers ?? {}).length >= 3, 60_000);
    // The API and the workers know every peer and use the first that answers.
    const peers = cluster.nodes.map((node) => node.url).join(',');
    stack = await startTestStack(testConfig({ QDRANT_URL: peers, QDRANT_SHARDS: '3', QDRANT_REPLICATION: '2' }));
  });
  afterAll(async () => {
    await stack?.close();
    await cluster?.stop();
  });

  async function searchAll(): Promise<{ statuses: (number | string)[]; ids: string[][] }> {
    // Dense: one list, as each replica's HNSW index answers it. A hybrid answer also reads 50-deep candidate
    // lists, whose approximate tails may differ between replicas that built their indexes apart, and can swap
    // two results whose fused scores nearly tie: equal as an answer, not as an ordered list.
    const answers = await Promise.all(QUERIES.map((query) => stack.post('/search', { query, limit: 10, mode: 'dense' })));
    return {
      // 200, or the status with the reason, so a failure says what went wrong.
      statuses: answers.map((answer) => (answer.status === 200 ? 200 : `${answer.status} ${answer.body?.error}`)),
      ids: answers.map((answer) => (answer.body.results ?? []).map((result: { id: string }) => result.id)),
    };
  }

  /** Every query, over and over while `fault` happens, and five more rounds after it. */
  async function searchingWhile(fault: () => Promise<void>) {
    const during: ReturnType<typeof searchAll>[] = [];
    let searching = true;
    const load = (async () => {
      while (searching) {
        during.push(searchAll());
        await during[during.length - 1];
      }
    })();
    await sleep(0);
    await fault();
    for (let round = 0; round < 5; round += 1) during.push(searchAll());
    searching = false;
    await load;
    return Promise.all(during);
  }

  async function pointCount(url: string): Promise<number> {
    return (await qdrant(url, `/collections/${collection}/points/count`, { exact: true })).count;
  }

  it('ingests into 3 shards × 2 replicas spread over the three peers', async () => {
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 200 });
    collection = accepted.body.collection;
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect({ state: status.state, reason: status.failedReason ?? null }).toEqual({ state: 'completed', reason: null });
    expect(await pointCount(cluster.nodes[0]!.url)).toBe(expectedReviews(testEnv('CORPUS'), 200).size);

    const replicas = await shardReplicas(cluster.nodes.map((node) => node.url), collection);
    expect(new Set(replicas.map((replica) => replica.shard))).toEqual(new Set([0, 1, 2]));
    for (const shard of [0, 1, 2]) expect(replicas.filter((replica) => replica.shard === shard)).toHaveLength(2);
    expect(new Set(replicas.map((replica) => replica.peer)).size).toBe(3);
    expect(replicas.every((replica) => replica.state === 'Active')).toBe(true);
  });

  it('answers every search with the full result set while a node is killed, and takes writes meanwhile', async () => {
    const before = await searchAll();
    expect(before.statuses.every((status) => status === 200)).toBe(true);
    expect(before.ids.every((ids) => ids.length === 10)).toBe(true);

    // Searches keep running while the third peer is killed.
    const answers = await searchingWhile(() => cluster.nodes[2]!.kill());
    expect(answers.length).toBeGreaterThanOrEqual(5);
    for (const answer of answers) {
      expect(answer.statuses).toEqual(QUERIES.map(() => 200));
      expect(answer.ids).toEqual(before.ids);
    }

    // Writes go on with the peer down: 100 more rows into the same collection.
    const accepted = await stack.post('/ingest', { source: testEnv('CORPUS'), limit: 300, collection, activate: true });
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect({ state: status.state, reason: status.failedReason ?? null }).toEqual({ state: 'completed', reason: null });
    expect(await pointCount(cluster.nodes[0]!.url)).toBe(expectedReviews(testEnv('CORPUS'), 300).size);
  });

  it('the node comes back and catches up: with another node killed, it serves the writes it missed', async () => {
    const expected = expectedReviews(testEnv('CORPUS'), 300).size;
    const reference = await searchAll();
    await cluster.nodes[2]!.restart();
    await untilCaughtUp(cluster.nodes.map((node) => node.url), collection);

    await cluster.nodes[1]!.kill();
    expect(await pointCount(cluster.nodes[0]!.url)).toBe(expected);
    const after = await searchAll();
    expect(after.statuses).toEqual(QUERIES.map(() => 200));
    expect(after.ids).toEqual(reference.ids);
  });

  it('the peer the API and the workers use dies: searches and writes go to another peer, and back to it once it is back', async () => {
    const urls = cluster.nodes.map((node) => node.url);
    await cluster.nodes[1]!.restart();
    await untilCaughtUp(urls, collection);
    const reference = await searchAll();
    expect(reference.statuses).toEqual(QUERIES.map(() => 200));
    expect(stack.store.peer).toBe(urls[0]);

    // The first peer of QDRANT_URL is killed while searches run: none fails.
    const answers = await searchingWhile(() => cluster.nodes[0]!.kill());
    for (const answer of answers) {
      expect(answer.statuses).toEqual(QUERIES.map(() => 200));
      expect(answer.ids).toEqual(reference.ids);
    }
    expect(stack.store.peer).not.toBe(urls[0]);

    // An ingest with it down: the source job and the embedding processes write through the others.
    const accepted = await stack.post('/ingest', { source: testEnv('CORPUS'), limit: 400, collection, activate: true });
    const status = await stack.waitForIngest(accepted.body.jobId);
    expect({ state: status.state, reason: status.failedReason ?? null }).toEqual({ state: 'completed', reason: null });
    expect(await pointCount(urls[1]!)).toBe(expectedReviews(testEnv('CORPUS'), 400).size);

    // Back, it is asked first again once its pause is over, and answers.
    await cluster.nodes[0]!.restart();
    await untilCaughtUp(urls, collection);
    await waitUntil('the API to search through the first peer again', async () => {
      const answer = await stack.post('/search', { query: QUERIES[0], limit: 10, mode: 'dense' });
      return answer.status === 200 && stack.store.peer === urls[0];
    }, 60_000);
    expect((await searchAll()).statuses).toEqual(QUERIES.map(() => 200));
  });
});

async function qdrant(url: string, route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { result: unknown; status: unknown };
  if (!response.ok) throw new Error(`${route}: ${response.status} ${JSON.stringify(json.status)}`);
  return json.result;
}

/** Until every shard has its two replicas active, each with the same points on both. */
async function untilCaughtUp(urls: string[], collection: string): Promise<void> {
  await waitUntil(`every replica of '${collection}' to be active and caught up`, async () => {
    const replicas = await shardReplicas(urls, collection).catch(() => []);
    return (
      replicas.length === 6 &&
      replicas.every((replica) => replica.state === 'Active') &&
      [0, 1, 2].every((shard) => new Set(replicas.filter((r) => r.shard === shard).map((r) => r.points)).size === 1)
    );
  }, 120_000);
}

/** Every replica of every shard as each peer reports its own local shards (with their point counts). */
async function shardReplicas(urls: string[], collection: string): Promise<ShardReplica[]> {
  const replicas: ShardReplica[] = [];
  for (const url of urls) {
    const info = await qdrant(url, `/collections/${collection}/cluster`);
    for (const shard of info.local_shards) {
      replicas.push({ shard: shard.shard_id, peer: info.peer_id, state: shard.state, points: shard.points_count });
    }
  }
  return replicas;
}
