import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port';
import { testEnv } from '../support/stack';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../services/ingest/dist/models-cli.js');
const MODEL = 'mirror-org/tiny-bert';

/**
 * `pnpm models:pull` against a mirror of the hub on loopback (MODEL_HUB_URL),
 * serving the tiny BERT model's files at `<id>/resolve/main/<file>` as
 * huggingface.co does: what it pulls is then loaded with no hub at all.
 */
describe('pnpm models:pull: models into the cache ahead of time', () => {
  let mirror: http.Server;
  let mirrorUrl: string;
  const requested: string[] = [];
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-pulled-'));

  beforeAll(async () => {
    const files = testEnv('TINY_BERT');
    mirror = http.createServer((req, res) => {
      requested.push(req.url ?? '');
      const prefix = `/${MODEL}/resolve/main/`;
      const file = req.url?.startsWith(prefix) ? path.join(files, decodeURIComponent(req.url.slice(prefix.length))) : undefined;
      if (!file || !file.startsWith(files + path.sep) || !fs.existsSync(file)) {
        res.writeHead(404).end('Entry not found');
        return;
      }
      res.writeHead(200, { 'content-length': fs.statSync(file).size });
      fs.createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as { port: number }).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => mirror.close(resolve));
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  const pull = (env: Record<string, string>, ...models: string[]) =>
    run(process.execPath, [CLI, ...models], { env: { ...process.env, MODEL_CACHE_DIR: cacheDir, LOG_LEVEL: 'silent', ...env } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('downloads the model from the hub it is given into the cache, and loads it', async () => {
    const pulled = await pull({ MODEL_HUB_URL: mirrorUrl }, MODEL);
    expect(pulled).toMatchObject({ code: 0, stderr: '' });
    expect(pulled.stdout).toContain(`${MODEL}: ready, 32 dimensions; in ${cacheDir} (fp32)`);
    expect(requested).toContain(`/${MODEL}/resolve/main/onnx/model.onnx`);
    const cachedModel = path.join(cacheDir, MODEL, 'onnx', 'model.onnx');
    expect(fs.readFileSync(cachedModel)).toEqual(fs.readFileSync(path.join(testEnv('TINY_BERT'), 'onnx', 'model.onnx')));
  });

  it('what it pulled loads with the hub unreachable: an offline host has its model', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const offline = await pull({ MODEL_HUB_URL: closed }, MODEL);
    expect(offline).toMatchObject({ code: 0, stderr: '' });
    expect(offline.stdout).toContain(`${MODEL}: ready, 32 dimensions`);
  });

  it('a model it cannot download fails, naming the model and the host, and the others still pull', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const result = await pull({ MODEL_HUB_URL: closed }, 'mirror-org/not-there', 'use-lite');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`mirror-org/not-there: embedding model 'mirror-org/not-there' cannot be loaded: cannot download it (${new URL(closed).host} unreachable`);
    expect(result.stdout).toContain('use-lite: ready, 512 dimensions; nothing to download: it is not a hub model');
  });
});
