import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalQdrant, type LocalQdrant } from '@review-search/shared';
import { freePort } from './free-port';

/** One peer of a Qdrant cluster on loopback: the same binary in distributed mode, storage of its own. */
export interface ClusterNode {
  readonly url: string;
  kill(): Promise<void>;
  /** Starts the peer again on its storage and ports; it rejoins and catches up. */
  restart(): Promise<void>;
}

export interface QdrantCluster {
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

/** Starts `size` Qdrant peers: the first with `--uri`, the others bootstrapped from it. */
export async function startQdrantCluster(size: number): Promise<QdrantCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-cluster-'));
  const nodes: ClusterNode[] = [];
  const processes: (LocalQdrant | undefined)[] = [];
  let firstPeer = '';
  for (let index = 0; index < size; index += 1) {
    const [port, grpcPort, p2pPort] = [await freePort(), await freePort(), await freePort()];
    const uri = `http://127.0.0.1:${p2pPort}`;
    const args = index === 0 ? ['--uri', uri] : ['--uri', uri, '--bootstrap', firstPeer];
    if (index === 0) firstPeer = uri;
    const start = () =>
      startLocalQdrant({
        storagePath: path.join(root, `node-${index}`),
        port,
        grpcPort,
        args,
        env: { QDRANT__CLUSTER__ENABLED: 'true', QDRANT__CLUSTER__P2P__PORT: String(p2pPort) },
      });
    processes[index] = await start();
    nodes.push({
      url: processes[index]!.url,
      async kill() {
        await processes[index]?.kill();
        processes[index] = undefined;
      },
      async restart() {
        processes[index] = await start();
      },
    });
  }
  return {
    nodes,
    async stop() {
      await Promise.all(processes.map((process) => process?.stop()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
