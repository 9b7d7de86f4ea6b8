import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadEmbedder, ModelUnavailableError, transformersFor } from '@review-search/shared';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-unavailable-'));
const { env } = transformersFor('org/model', cacheDir).transformers;
const remoteHost = env.remoteHost;

afterEach(() => {
  env.remoteHost = remoteHost;
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

/** A port on loopback that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a model that cannot be loaded is named, with its host and what to do', () => {
  it('a hub that cannot be reached: the host, and the offline alternatives', async () => {
    const port = await closedPort();
    env.remoteHost = `http://127.0.0.1:${port}/`;
    const failure = loadEmbedder('org/unreachable-model', { cacheDir });
    await expect(failure).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(loadEmbedder('org/unreachable-model', { cacheDir })).rejects.toThrow(
      new RegExp(`^embedding model 'org/unreachable-model' cannot be loaded: cannot download it \\(127\\.0\\.0\\.1:${port} unreachable: .*\\); use EMBEDDING_MODEL=use-lite`),
    );
  });

  it('a hub without the model: says so, and that the id may be wrong', async () => {
    const hub = http.createServer((_req, res) => res.writeHead(404).end('Repository not found'));
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hub.address() as net.AddressInfo;
      env.remoteHost = `http://127.0.0.1:${port}/`;
      await expect(loadEmbedder('org/typo-model', { cacheDir })).rejects.toThrow(
        `embedding model 'org/typo-model' cannot be loaded: 127.0.0.1:${port} has no such model (check its id)`,
      );
    } finally {
      await new Promise((resolve) => hub.close(resolve));
    }
  });

  it('a local directory that is not there', async () => {
    const missing = path.join(cacheDir, 'no-such-directory');
    await expect(loadEmbedder(missing, { cacheDir })).rejects.toThrow(new RegExp(`^embedding model '${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' cannot be loaded: `));
  });
});
