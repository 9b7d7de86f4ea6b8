import { titleQueries } from '../../services/api/src/eval/title-queries';
import { startTestStack, testConfig, testEnv, type TestStack } from '../support/stack';
import { freePort } from '../support/free-port';
import { serviceEnvironment, startService, waitForHttp, type ServiceProcess } from '../support/service-processes';
import { sustainedSearchLoad } from '../support/sustained-load';

/**
 * 60 s of searches at concurrency 32, each request a different query, against
 * the API process: no errors, and once warm (its memory's peak no longer
 * rising) its memory peaks stay within 10% of the warm-up's.
 * (Latency is measured by `pnpm bench:load`, not asserted here.)
 */
describe('sustained search load', () => {
  const config = testConfig();
  let stack: TestStack;
  let api: ServiceProcess;
  let baseUrl: string;

  beforeAll(async () => {
    stack = await startTestStack(config);
    const accepted = await stack.post('/ingest', { activate: true, source: testEnv('CORPUS'), limit: 300 });
    expect((await stack.waitForIngest(accepted.body.jobId)).state).toBe('completed');
    const port = await freePort();
    api = startService('api', serviceEnvironment(config, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_SEARCH: '100000000' }));
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/readyz`, api);
  });
  afterAll(async () => {
    await api?.stop();
    await stack?.close();
  });

  it('60 s at concurrency 32 with distinct queries: zero errors, RSS growth after warm-up ≤ 10%', async () => {
    // The warm-up is counted in requests: on a busy machine it takes minutes.
    const queries = (await titleQueries(testEnv('CORPUS'))).map((title) => title.query);
    expect(new Set(queries).size).toBeGreaterThan(5000);
    const figures = await sustainedSearchLoad({ baseUrl, queries, connections: 32, seconds: 60, rssMiB: api.rssMiB });
    console.log(`sustained load: ${JSON.stringify(figures)}`);
    expect(figures.requests).toBeGreaterThan(0);
    expect({ errors: figures.errors, log: api.log().match(/"level":(50|60).*/g) ?? [] }).toEqual({
      errors: { connection: 0, timeouts: 0, non2xx: 0, answers: [], warmup: 0 },
      log: [],
    });
    expect(figures.rssGrowth).toBeLessThanOrEqual(0.1);
    // Still answers a normal search with its full result set.
    const after = await fetch(`${baseUrl}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'strings that stay in tune', limit: 10 }) });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { results: unknown[] }).results).toHaveLength(10);
  }, 900_000);
});
