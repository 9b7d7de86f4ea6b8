import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forgetApiOrigin, registerApiOrigin } from '../support/api-origins';
import { FIXTURE_CSV, writeTempFile } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { testEnv } from '../support/stack';
import { waitUntil, withDeadline } from '../support/wait-until';

const ROOT = path.resolve(__dirname, '../..');

function run(script: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [path.join(ROOT, script)], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', AUTO_INGEST: 'false', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, lines: result.stderr.trim().split('\n') };
}

describe('start-up with a dependency missing says so in one line, with what to do', () => {
  it('pnpm start without Redis', () => {
    const { status, lines } = run('scripts/start.js', { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^review search: Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*set REDIS_URL/);
  });

  it('the API without Qdrant', () => {
    const { status, lines } = run('services/api/dist/main.js', { QDRANT_URL: 'http://127.0.0.1:1' });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^api: Qdrant is not reachable at http:\/\/127\.0\.0\.1:1 .*QDRANT_URL/);
  });

  it('the ingest worker with a bad setting names the key', () => {
    const { status, lines } = run('services/ingest/dist/main.js', { QDRANT_URL: testEnv('QDRANT_URL'), INGEST_CONCURRENCY: 'lots' });
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^ingest worker: invalid configuration: INGEST_CONCURRENCY: /)]);
  });
});

/**
 * `pnpm start` (scripts/start.js) as a new user runs it on a machine without
 * the internet: the problems it can see first, one plain line each, then the
 * URL; then the service itself, whose automatic ingest fails, and whose search
 * says why. With the offline settings the same command works.
 */
describe('pnpm start on a machine without the internet', () => {
  const closedPort = async () => `http://127.0.0.1:${await freePort()}`;

  async function start(env: Record<string, string>) {
    const port = await freePort();
    const unique = crypto.randomBytes(4).toString('hex');
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-start-'));
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.js')], {
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        QDRANT_URL: testEnv('QDRANT_URL'),
        QUEUE_PREFIX: `${testEnv('PREFIX')}-start-${unique}`,
        COLLECTION: `start-${unique}`,
        DATA_DIR: data,
        MODEL_CACHE_DIR: path.join(data, 'models'),
        PORT: String(port),
        LOG_LEVEL: 'silent',
        AUTO_INGEST: 'true',
        INGEST_CONCURRENCY: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const baseUrl = `http://127.0.0.1:${port}`;
    registerApiOrigin(baseUrl);
    return {
      baseUrl,
      lines: () => output.split('\n').filter(Boolean),
      async stop() {
        forgetApiOrigin(baseUrl);
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          return;
        }
        await withDeadline('pnpm start to stop', new Promise((resolve) => child.once('exit', resolve)), 30_000);
      },
    };
  }

  const search = async (baseUrl: string) => {
    const response = await fetch(`${baseUrl}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'strings that stay in tune' }) });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('says first, one line each, that the model cannot be downloaded and the dataset cannot be read, then the URL; search then says why there is nothing', async () => {
    const hub = await closedPort();
    const dataset = `${await closedPort()}/reviews.csv`;
    const service = await start({ EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2', MODEL_HUB_URL: hub, DATASET_URL: dataset });
    try {
      await waitUntil('pnpm start to print the URL', () => service.lines().some((line) => line.startsWith('review search: http://localhost:')), 30_000);
      const hubHost = new URL(hub).host;
      expect(service.lines().slice(0, 3)).toEqual([
        expect.stringMatching(new RegExp(`^review search: embedding model 'Xenova/all-MiniLM-L6-v2' is not in the model cache \\(.+\\) and cannot be downloaded \\(${hubHost} unreachable: fetch failed, ECONNREFUSED\\): .*EMBEDDING_MODEL=use-lite.*pnpm models:pull Xenova/all-MiniLM-L6-v2\\)$`)),
        expect.stringMatching(new RegExp(`^review search: the dataset ${dataset.replace(/[.]/g, '\\.')} cannot be read \\(unreachable: fetch failed, ECONNREFUSED\\): the automatic ingest of the empty collection will fail; set DATASET_URL`)),
        expect.stringMatching(/^review search: http:\/\/localhost:\d+ \(the page and the API/),
      ]);
      // The automatic ingest fails at once (its model cannot be had); a search says so, with the reason.
      await waitUntil('a search to say the automatic ingest failed', async () => {
        const answer = await search(service.baseUrl).catch(() => undefined);
        return answer?.status === 404 && /automatic ingest .* failed/.test(answer.body.error);
      }, 90_000);
      const answer = await search(service.baseUrl);
      expect(answer.body.error).toMatch(
        new RegExp(`^collection 'start-[0-9a-f]+' does not exist yet: the automatic ingest of ${dataset.replace(/[.]/g, '\\.')} failed: embedding model 'Xenova/all-MiniLM-L6-v2' cannot be loaded: cannot download it \\(${hubHost} unreachable`),
      );
    } finally {
      await service.stop();
    }
  });

  it('with the offline settings (use-lite, a dataset on disk) it prints no problem, ingests by itself and searches', async () => {
    const dataset = writeTempFile('reviews.csv', FIXTURE_CSV);
    const service = await start({ EMBEDDING_MODEL: 'use-lite', DATASET_URL: dataset });
    try {
      await waitUntil('pnpm start to print the URL', () => service.lines().some((line) => line.startsWith('review search: http://localhost:')), 30_000);
      expect(service.lines().filter((line) => line.startsWith('review search:'))).toEqual([expect.stringMatching(/^review search: http:\/\/localhost:\d+ /)]);
      await waitUntil('the automatic ingest to make the collection searchable', async () => (await search(service.baseUrl).catch(() => undefined))?.status === 200, 120_000);
      const answer = await search(service.baseUrl);
      expect(answer.body.results.length).toBeGreaterThan(0);
    } finally {
      await service.stop();
    }
  });
});
