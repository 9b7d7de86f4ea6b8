import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { testEnv } from '../support/stack';

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
