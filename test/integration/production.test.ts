import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';
import { OPERATIONS } from '@review-search/api';
import { FIXTURE_CSV, writeTempFile } from '../support/fixtures';
import { rateLimitWindow } from '../support/rate-limit-window';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Compose variables as `docker compose` interpolates them from `env`: `${X:-default}`,
 * `${X:?message}` (refuses to start with the message when X is unset or empty), `${X}`.
 */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_]+)(?:(:-|:\?)([^}]*))?\}/g, (_, name: string, operator?: string, word?: string) => {
    const value = env[name];
    if (value) return value;
    if (operator === ':?') throw new Error(`required variable ${name} is missing a value: ${word}`);
    return operator === ':-' ? word! : '';
  });
}

/** What a user puts in `.env` before the first `docker compose up`. */
const SECRETS = { API_KEY: 'a'.repeat(48), REDIS_PASSWORD: 'b'.repeat(48), QDRANT_API_KEY: 'c'.repeat(48) };

/**
 * Read as files only: no Docker engine was available, so nothing here builds an
 * image or starts a container. Compose is checked by interpolation, schema and
 * content; the Dockerfile by lint.
 */
describe('docker compose and the Dockerfile, as files (schema, content, lint; nothing built or run)', () => {
  const composeText = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  const compose = parseYaml(interpolate(composeText, SECRETS), { merge: true });

  it('compose interpolation fails without each secret, naming it; the file gives no default key, an open Redis or an open Qdrant', () => {
    for (const name of Object.keys(SECRETS)) {
      const missing: Record<string, string> = { ...SECRETS, [name]: '' };
      expect(() => interpolate(composeText, missing)).toThrow(new RegExp(`${name} is missing a value: set ${name}`));
    }
    const { services } = compose;
    for (const name of ['api', 'ingest']) {
      expect(services[name].environment).toMatchObject({
        API_KEY: SECRETS.API_KEY,
        QDRANT_API_KEY: SECRETS.QDRANT_API_KEY,
        REDIS_URL: `redis://:${SECRETS.REDIS_PASSWORD}@redis:6379`,
      });
      expect(services[name].volumes).toContain('./data/sources:/data/sources:ro');
    }
    const redis: string[] = services.redis.command;
    expect(redis[redis.indexOf('--requirepass') + 1]).toBe(SECRETS.REDIS_PASSWORD);
    expect(redis[redis.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(services.redis.environment.REDISCLI_AUTH).toBe(SECRETS.REDIS_PASSWORD);
    expect(services.redis.ports).toBeUndefined();
    for (const node of ['qdrant', 'qdrant-2', 'qdrant-3']) {
      expect(services[node].environment.QDRANT__SERVICE__API_KEY).toBe(SECRETS.QDRANT_API_KEY);
    }
  });

  it('the compose file validates against the compose-spec schema', () => {
    // The compose-spec JSON schema, as the dclint package ships it.
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/dclint/schemas/compose.schema.json'), 'utf8'));
    delete schema.$schema; // "https://json-schema.org/draft-07/schema": draft-07, which Ajv knows by its http id
    const ajv = new Ajv({ allErrors: true, strict: false });
    const check = ajv.compile(schema);
    expect(check(compose) ? [] : check.errors).toEqual([]);
    // The check can fail: an unknown key and a wrong condition are caught.
    const broken = structuredClone(compose);
    broken.services.api.depends_on.qdrant.condition = 'healthy';
    broken.services.api.replicaz = 2;
    expect(check(broken)).toBe(false);
  });

  it('the compose file declares qdrant, redis, api and a port-less ingest, each depending on service_healthy, with the model cache and the environment', () => {
    const { services, volumes } = compose;
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['qdrant', 'redis', 'api', 'ingest']));
    expect(services.qdrant).toMatchObject({ image: 'qdrant/qdrant:v1.16.3', volumes: ['qdrant-data:/qdrant/storage'] });
    expect(services.qdrant.healthcheck.test).toBeDefined();
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.redis.command).toContain('--appendonly');
    expect(services.redis.healthcheck.test).toContain('ping');
    expect(services.api.ports).toEqual(['3000:3000']);
    expect(services.ingest.ports).toBeUndefined();
    expect(services.ingest.container_name).toBeUndefined();
    for (const name of ['api', 'ingest']) {
      const service = services[name];
      expect(service.volumes).toContain('models:/data/models');
      // Files to ingest, from the host, read-only; models baked in on request (BAKE_MODELS), none by default.
      expect(service.volumes).toContain('./data/sources:/data/sources:ro');
      expect(service.build.args).toEqual({ MODELS: '' });
      expect(service.environment.QDRANT_URL).toBe('http://qdrant:6333');
      expect(service.depends_on).toEqual({ qdrant: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      for (const variable of ['HF_TOKEN', 'OPENAI_API_KEY', 'EMBEDDING_MODEL', 'DATASET_URL', 'API_KEY']) {
        expect(service.environment).toHaveProperty(variable);
      }
    }
    expect(Object.keys(volumes)).toEqual(expect.arrayContaining(['qdrant-data', 'redis-data', 'models']));
    // The cluster profile: two more Qdrant peers bootstrapping from the first.
    for (const peer of ['qdrant-2', 'qdrant-3']) {
      expect(services[peer].profiles).toEqual(['cluster']);
      expect(services[peer].command).toEqual(expect.arrayContaining(['--bootstrap', 'http://qdrant:6335']));
    }
  });

  it('the Dockerfile has no dockerfile-utils lint diagnostics (linted, not built)', () => {
    const diagnostics = lintDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
    expect(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });
});

describe('observability, API docs and security', () => {
  let stack: TestStack;
  const KEY = 'test-api-key-0123456789abcdef';

  beforeAll(async () => {
    stack = await startTestStack(
      testConfig({ API_KEY: KEY, ALLOW_PRIVATE_SOURCES: 'false', RATE_LIMIT_GENERATE: '2', CORS_ORIGINS: 'https://reviews.example' }),
      { workers: false },
    );
  });
  afterAll(async () => {
    await stack.close();
  });

  const call = (method: string, route: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(`${stack.baseUrl}${route}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('/metrics exposes request latency per route, query embedding latency, the query cache, queue depths and the ingest rate', async () => {
    await stack.post('/search', { query: 'strings' }); // 404: no collection yet, still timed
    const text = await (await call('GET', '/metrics')).text();
    expect(text).toMatch(/review_search_http_request_duration_seconds_bucket\{[^}]*route="\/search"/);
    expect(text).toMatch(/# TYPE review_search_query_embedding_seconds histogram/);
    // The search above failed before embedding: nothing looked up yet.
    expect(text).toMatch(/# TYPE review_search_query_cache_hits_total counter\nreview_search_query_cache_hits_total 0\n/);
    expect(text).toMatch(/# TYPE review_search_query_cache_misses_total counter\nreview_search_query_cache_misses_total 0\n/);
    expect(text).toMatch(/\nreview_search_query_cache_entries 0\n/);
    expect(text).toMatch(/\nreview_search_query_cache_hit_ratio 0\n/);
    expect(text).toMatch(/review_search_queue_jobs\{queue="ingest-sources",state="waiting"\} \d+/);
    expect(text).toMatch(/review_search_queue_jobs\{queue="ingest-batches",state="active"\} \d+/);
    expect(text).toMatch(/review_search_ingest_reviews_per_second \d/);
  });

  it('every answer carries a request id, the caller\'s own when it sends one', async () => {
    const fresh = await call('GET', '/healthz');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await call('GET', '/healthz', { 'X-Request-Id': 'trace-42' });
    expect(given.headers.get('x-request-id')).toBe('trace-42');
    expect(given.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('/openapi.json is a valid OpenAPI 3 document generated from the zod schemas, listing every route', async () => {
    const document = (await (await call('GET', '/openapi.json')).json()) as any;
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect(document.paths['/search'].post.requestBody.content['application/json'].schema.properties.query).toMatchObject({
      type: 'string',
      maxLength: 10_000,
    });
    const documented = new Set(Object.entries(document.paths).flatMap(([p, ops]) => Object.keys(ops as object).map((m) => `${m} ${p}`)));
    const routes = await expressRoutes((await import('@review-search/api')).createApp);
    for (const route of routes) expect(documented).toContain(route);
    expect(documented.size).toBe(OPERATIONS.length);
    const docs = await call('GET', '/docs/');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger-ui/i);
  });

  it('mutating routes answer 401 without the key and work with it (Bearer or X-API-Key)', async () => {
    const body = { source: writeTempFile('reviews.csv', FIXTURE_CSV), limit: 1, model: 'use-lite' };
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong-key-0000000000000' }, { 'X-API-Key': 'nope' }];
    for (const headers of attempts) {
      const refused = await call('POST', '/ingest', headers, body);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as any).error).toMatch(/needs the API key/);
    }
    expect((await call('POST', '/ingest', { Authorization: `Bearer ${KEY}` }, body)).status).toBe(202);
    expect((await call('POST', '/ingest', { 'X-API-Key': KEY }, body)).status).toBe(202);
    expect((await call('POST', '/collections/whatever/activate', {}, {})).status).toBe(401);
    expect((await call('DELETE', '/collections/whatever')).status).toBe(401);
    expect((await call('POST', '/collections/whatever/activate', { 'X-API-Key': KEY }, {})).status).toBe(404);
    // The queue dashboard: the key as HTTP Basic password (any user name, so a browser can log in), or as for the API.
    const dashboard = await call('GET', '/admin/queues');
    expect(dashboard.status).toBe(401);
    expect(dashboard.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
    const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect((await call('GET', '/admin/queues', basic('admin', 'wrong-key-0000000000000'))).status).toBe(401);
    expect((await call('GET', '/admin/queues', basic('anyone', KEY))).status).toBe(200);
    expect((await call('GET', '/admin/queues', { 'X-API-Key': KEY })).status).toBe(200);
    // Basic is for the dashboard only: the API takes Bearer or X-API-Key.
    expect((await call('POST', '/collections/whatever/activate', basic('admin', KEY), {})).status).toBe(401);
    // Export needs the key too (PUBLIC_EXPORT unset).
    expect((await call('GET', `/collections/${stack.config.collection}/export`)).status).toBe(401);
    // Reading needs no key.
    expect((await call('GET', '/collections')).status).toBe(200);
  });

  it.each([
    ['http://127.0.0.1:9/reviews.csv', /'127\.0\.0\.1' resolves to a loopback address/],
    ['http://169.254.169.254/latest/meta-data', /a linkLocal address/],
    ['http://10.1.2.3/reviews.csv', /a private address/],
    ['http://[::1]/reviews.csv', /a loopback address/],
    ['http://localhost/reviews.csv', /a loopback address/],
    ['ftp://example.com/reviews.csv', /must be an http\(s\) URL or a file inside SOURCES_DIR, not a ftp: URL/],
  ])('an ingest from %s is refused with its reason', async (source, reason) => {
    const response = await call('POST', '/ingest', { 'X-API-Key': KEY }, { source });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error).toMatch(reason);
  });

  it('rate-limits generation with a 429 and a JSON reason; CORS only for the configured origin', async () => {
    // A client address of this test's own (X-Forwarded-For, believed from loopback): no window is open for it
    // before, so its window starts with the first request below and no earlier test's requests count in it.
    const client = '198.51.100.77';
    const window = () => rateLimitWindow(stack.config.redisUrl, stack.config.queuePrefix, 'generation', client);
    expect(await window()).toEqual({ hits: null, ttlMs: -2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await call('POST', '/generate', { 'X-Forwarded-For': client }, { prompt: 'x', maxNewTokens: 1, model: 'nope nope' })).status);
    }
    expect(statuses).toEqual([400, 400, 429]);
    const limited = await call('POST', '/generate', { 'X-Forwarded-For': client }, { prompt: 'x', maxNewTokens: 1 });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as any).error).toBe('too many generation requests: at most 2 a minute');
    // All four fell in that one window: a reset inside the burst would have restarted the count.
    const after = await window();
    expect(after.hits).toBe(4);
    expect(after.ttlMs).toBeGreaterThan(0);
    const allowed = await call('GET', '/healthz', { Origin: 'https://reviews.example' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://reviews.example');
    const other = await call('GET', '/healthz', { Origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/** `method /path` of every route the app serves, from Express's router (path params as {name}). */
async function expressRoutes(createApp: typeof import('@review-search/api').createApp): Promise<string[]> {
  const app = createApp({
    config: testConfig(),
    store: {} as never,
    queue: { depths: async () => ({}), ingestRate: async () => 0 } as never,
    log: require('@review-search/shared').createLogger('routes', 'silent'),
  });
  const { router } = app as unknown as { router: { stack: any[] } };
  const routes: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          const route = `${method} ${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`;
          if (!routes.includes(route)) routes.push(route);
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(router.stack);
  await app.close();
  // Routes that only guard (API key) before the real handler are the same routes; /docs is the page itself.
  return routes.filter((r) => !r.startsWith('get /docs'));
}
