import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LookupFunction } from 'node:net';
import { checkIngestSource } from '@review-search/api';
import { OUTSIDE_SOURCES_DIR, type IngestStatus } from '@review-search/shared';
import { CANARIES, canariesIn, responseText } from '../support/canaries';
import { FIXTURE_CSV } from '../support/fixtures';
import { startSourceServer, type SourceServer } from '../support/source-server';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MAX_BYTES = 64 * 1024;
const MAX_SECONDS = 3;
const WAIT_MS = 60_000;
/** The source server's address: private, but allowed by SOURCE_ALLOWED_NETWORKS. */
const ALLOWED_HOST = '127.0.0.2';

/**
 * Ingest sources as an attacker would name them, against the real API, worker,
 * Qdrant and Redis, with canary secrets in the configuration and in a file
 * outside SOURCES_DIR: what is refused is refused in words that quote nothing
 * of it, and the live collection never moves.
 */
describe('ingest sources: SOURCES_DIR, addresses, bounds and job privacy', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-sources-'));
  const sourcesDir = path.join(root, 'sources');
  const outsideDir = path.join(root, 'outside');
  const secretFile = path.join(outsideDir, 'secrets.env');
  /** Answers of the resolver the worker uses, by host: the first, then the last for every later lookup. */
  const answers = new Map<string, string[]>();
  const lookups = new Map<string, number>();
  let stack: TestStack;
  let server: SourceServer;
  let loopback: SourceServer;
  let alias: string;
  let live: string;

  const resolver: LookupFunction = (hostname, options, callback) => {
    const seen = lookups.get(hostname) ?? 0;
    lookups.set(hostname, seen + 1);
    const list = answers.get(hostname);
    if (!list) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
    const address = list[Math.min(seen, list.length - 1)]!;
    if (options.all) return (callback as unknown as (e: null, all: { address: string; family: number }[]) => void)(null, [{ address, family: 4 }]);
    callback(null, address, 4);
  };

  const sourceFile = (name: string, content: string | Buffer) => {
    const file = path.join(sourcesDir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  async function call(method: string, route: string, options: { body?: unknown; key?: boolean } = {}) {
    const headers: Record<string, string> = options.key === false ? {} : { 'x-api-key': CANARIES.API_KEY };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${stack.baseUrl}${route}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await responseText(response);
    const body = text.slice(text.indexOf('\n\n') + 2);
    return { status: response.status, text, json: body ? JSON.parse(body) : undefined };
  }

  /** POSTs an ingest; returns the answer, with no canary in it. */
  async function post(source: string, extra: Record<string, unknown> = {}) {
    const answer = await call('POST', '/ingest', { body: { source, ...extra } });
    expect(canariesIn(answer.text)).toEqual([]);
    return answer;
  }

  /** Follows an accepted ingest to its end, then reads its status as a client does: with no canary in it. */
  async function ended(jobId: string): Promise<IngestStatus> {
    await stack.waitForIngest(jobId, WAIT_MS);
    const answer = await call('GET', `/ingest/${jobId}`);
    expect(answer.status).toBe(200);
    expect(canariesIn(answer.text)).toEqual([]);
    return answer.json;
  }

  async function ingestFails(source: string, reason: RegExp | string): Promise<IngestStatus> {
    const accepted = await post(source);
    expect(accepted.status).toBe(202);
    const status = await ended(accepted.json.jobId);
    expect(status.state).toBe('failed');
    if (typeof reason === 'string') expect(status.failedReason).toBe(reason);
    else expect(status.failedReason).toMatch(reason);
    return status;
  }

  async function expectLiveUnchanged(): Promise<void> {
    expect(await stack.store.aliasTarget(alias)).toBe(live);
    expect((await stack.store.describeCollection(alias))!.points).toBe(4);
  }

  /** A small valid CSV, served whole. */
  const serveCsv = (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'text/csv' }).end(FIXTURE_CSV);

  beforeAll(async () => {
    fs.mkdirSync(sourcesDir);
    fs.mkdirSync(outsideDir);
    fs.writeFileSync(secretFile, `OPENAI_API_KEY=${CANARIES.OPENAI_API_KEY}\nHF_TOKEN=${CANARIES.HF_TOKEN}\nAPI_KEY=${CANARIES.API_KEY}\n`);
    server = await startSourceServer(ALLOWED_HOST);
    // The same port on loopback: a connection that reaches 127.0.0.1 instead of 127.0.0.2 lands here.
    loopback = await startSourceServer('127.0.0.1', server.port);
    loopback.route('/reviews.csv', serveCsv);
    server.route('/reviews.csv', serveCsv);
    stack = await startTestStack(
      testConfig({
        API_KEY: CANARIES.API_KEY,
        OPENAI_API_KEY: CANARIES.OPENAI_API_KEY,
        HF_TOKEN: CANARIES.HF_TOKEN,
        SOURCES_DIR: sourcesDir,
        ALLOW_PRIVATE_SOURCES: 'false',
        SOURCE_ALLOWED_NETWORKS: `${ALLOWED_HOST}/32`,
        SOURCE_MAX_BYTES: String(MAX_BYTES),
        SOURCE_MAX_SECONDS: String(MAX_SECONDS),
        SOURCE_IDLE_TIMEOUT_MS: '2000',
      }),
      { lookup: resolver },
    );
    alias = stack.config.collection;
    const built = await post(sourceFile('reviews.csv', FIXTURE_CSV));
    expect(built.status).toBe(202);
    expect(await ended(built.json.jobId)).toMatchObject({ state: 'completed', result: { upserted: 4, activated: alias } });
    live = (await stack.store.aliasTarget(alias))!;
  });
  afterAll(async () => {
    await server?.close();
    await loopback?.close();
    await stack?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a file outside SOURCES_DIR, by any road, is a 400 naming SOURCES_DIR, the same whether it exists or not', async () => {
    fs.symlinkSync(secretFile, path.join(sourcesDir, 'link-out.csv'));
    const roads = [
      '/proc/self/environ',
      '/etc/passwd',
      path.join(sourcesDir, 'link-out.csv'),
      `${sourcesDir}/../outside/secrets.env`,
      '../outside/secrets.env',
      `file://${secretFile}`,
      path.join(outsideDir, 'no-such-file.csv'),
      '/no/such/folder/reviews.csv',
    ];
    for (const source of roads) {
      const answer = await post(source);
      expect({ source, status: answer.status, error: answer.json.error }).toEqual({ source, status: 400, error: OUTSIDE_SOURCES_DIR });
      expect(answer.text).not.toContain('secrets');
    }
    await expectLiveUnchanged();
  });

  it('a file inside SOURCES_DIR is taken as a path, a relative path or a file:// URL, and through a symlink that stays inside', async () => {
    fs.symlinkSync(path.join(sourcesDir, 'reviews.csv'), path.join(sourcesDir, 'link-in.csv'));
    for (const source of ['reviews.csv', `file://${sourcesDir}/reviews.csv`, path.join(sourcesDir, 'link-in.csv')]) {
      const answer = await call('POST', '/ingest', { body: { source, activate: false } });
      expect({ source, status: answer.status }).toEqual({ source, status: 202 });
      expect(await ended(answer.json.jobId)).toMatchObject({ state: 'completed', result: { upserted: 4 } });
    }
    await expectLiveUnchanged();
  });

  it('the worker refuses a forged job that names a file outside SOURCES_DIR as a request, quoting nothing of it', async () => {
    const forged = { model: 'use-lite', collection: `${alias}-forged`, activateAlias: alias, batchSize: 32 };
    for (const job of [
      { ...forged, source: secretFile, origin: 'request' as const },
      { ...forged, source: '/proc/self/environ', origin: 'request' as const },
      // A payload without an origin counts as a request.
      { ...forged, source: secretFile },
    ]) {
      const jobId = await stack.queue.enqueue(job);
      const status = await ended(jobId);
      expect({ source: job.source, state: status.state, failedReason: status.failedReason }).toEqual({
        source: job.source,
        state: 'failed',
        failedReason: OUTSIDE_SOURCES_DIR,
      });
    }
    // The same file named by the operator is read (the rule, not the file, refused it), and still not quoted.
    const operator = await stack.queue.enqueue({ ...forged, source: secretFile, origin: 'operator' });
    expect((await ended(operator)).failedReason).toBe(
      "the source is not a CSV with the columns asked for (its first line does not read as a CSV header, so none of it is shown)",
    );
    await expectLiveUnchanged();
  });

  it('a file inside SOURCES_DIR that is not a CSV fails quoting none of its lines', async () => {
    const notCsv = "the source is not a CSV with the columns asked for (its first line does not read as a CSV header, so none of it is shown)";
    await ingestFails(sourceFile('env.csv', fs.readFileSync(secretFile)), notCsv);
    await ingestFails(sourceFile('tokens.csv', `token,${CANARIES.HF_TOKEN}\nkey,${CANARIES.API_KEY}\n`), notCsv);
    await ingestFails(sourceFile('environ.csv', `PATH=/usr/bin\0OPENAI_API_KEY=${CANARIES.OPENAI_API_KEY}\0`), notCsv);
    await ingestFails(
      sourceFile('page.csv', `<html><body>${CANARIES.QDRANT_API_KEY}</body></html>\n`),
      'the source is an HTML page, not a CSV file (it begins with <html>)',
    );
    // A real header is still named, so a CSV with a wrong column says what it has.
    await ingestFails(sourceFile('columns.csv', 'id,text\n1,hello\n'), "the source has no 'reviewText' column for the review text; its columns are: id, text (name it with mapping.text in POST /ingest, or --text in pnpm ingest)");
    await expectLiveUnchanged();
  });

  it('a redirect to loopback is refused where the worker connects; one to an allowed address is followed', async () => {
    server.route('/to-loopback.csv', (res) => res.writeHead(302, { location: `http://127.0.0.1:${loopback.port}/reviews.csv` }).end());
    server.route('/to-localhost.csv', (res) => res.writeHead(302, { location: `http://localhost:${loopback.port}/reviews.csv` }).end());
    server.route('/to-file.csv', (res) => res.writeHead(302, { location: `file://${secretFile}` }).end());
    server.route('/to-allowed.csv', (res) => res.writeHead(301, { location: '/reviews.csv' }).end());
    answers.set('localhost', ['127.0.0.1']);
    await ingestFails(server.url('/to-loopback.csv'), /^source host '127\.0\.0\.1' resolves to a loopback address: ingest sources must be public/);
    await ingestFails(server.url('/to-localhost.csv'), /^source host 'localhost' resolves to a loopback address/);
    await ingestFails(server.url('/to-file.csv'), 'the source redirects to a file: URL: sources are http(s) only');
    expect(loopback.requests('/reviews.csv')).toBe(0);
    const followed = await post(server.url('/to-allowed.csv'), { activate: false });
    expect((await ended(followed.json.jobId)).result).toMatchObject({ upserted: 4 });
    await expectLiveUnchanged();
  });

  it('a host that resolves to an allowed address when checked and to loopback when the worker connects is refused', async () => {
    answers.set('rebind.reviews.test', [ALLOWED_HOST, '127.0.0.1']);
    answers.set('steady.reviews.test', [ALLOWED_HOST]);
    const rebinding = `http://rebind.reviews.test:${server.port}/reviews.csv`;
    // The API's check sees the allowed address...
    await expect(checkIngestSource(rebinding, stack.config, { lookup: resolver })).resolves.toBeUndefined();
    // ...and the API's check, resolving again, would refuse loopback.
    await expect(checkIngestSource(rebinding, stack.config, { lookup: resolver })).rejects.toThrow(/resolves to a loopback address/);
    const job = { source: rebinding, origin: 'request' as const, model: 'use-lite', collection: `${alias}-rebind`, activateAlias: alias, batchSize: 32 };
    const status = await ended(await stack.queue.enqueue(job));
    expect(status.failedReason).toMatch(/^source host 'rebind\.reviews\.test' resolves to a loopback address/);
    expect(loopback.requests('/reviews.csv')).toBe(0);
    // The same resolver, steady on the allowed address: the worker connects through it and reads the source.
    const steady = await ended(await stack.queue.enqueue({ ...job, source: `http://steady.reviews.test:${server.port}/reviews.csv`, activateAlias: undefined }));
    expect(steady.result).toMatchObject({ upserted: 4 });
    expect(lookups.get('steady.reviews.test')).toBeGreaterThanOrEqual(1);
    await expectLiveUnchanged();
  });

  it('5 redirects are followed; a 6th fails the ingest saying so', async () => {
    for (let hop = 1; hop <= 6; hop += 1) {
      server.route(`/hop/${hop}`, (res) => res.writeHead(307, { location: hop === 1 ? '/reviews.csv' : `/hop/${hop - 1}` }).end());
    }
    const five = await post(server.url('/hop/5'), { activate: false });
    expect((await ended(five.json.jobId)).result).toMatchObject({ upserted: 4 });
    await ingestFails(server.url('/hop/6'), new RegExp(`^http://127\\.0\\.0\\.2:${server.port}/hop/6 redirects more than 5 times$`));
    await expectLiveUnchanged();
  });

  it(`a source past SOURCE_MAX_BYTES fails for good naming it, streamed, announced or unpacked from gzip`, async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `R${i},B1,Name,"[0, 0]",A review of some length number ${i},5.0,S,1393545600,"02 28, 2014"`);
    const big = [FIXTURE_CSV.split('\r\n')[0], ...rows].join('\n') + '\n';
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_BYTES);
    server.route('/big-streamed.csv', (res) => {
      res.writeHead(200, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' });
      res.end(big);
    });
    server.route('/big-announced.csv', (res) => res.writeHead(200, { 'content-type': 'text/csv', 'content-length': Buffer.byteLength(big) }).end(big));
    const streamed = await ingestFails(server.url('/big-streamed.csv'), /^the source is larger than SOURCE_MAX_BYTES \(65536 bytes\) after \d+ rows?$/);
    expect(streamed.progress.read).toBeLessThan(rows.length);
    expect(server.requests('/big-streamed.csv')).toBe(1);
    await ingestFails(server.url('/big-announced.csv'), 'the source is larger than SOURCE_MAX_BYTES (65536 bytes)');
    expect(server.requests('/big-announced.csv')).toBe(1);
    const bomb = zlib.gzipSync(`reviewText\n${'a'.repeat(4 * 1024 * 1024)}\n`);
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    await ingestFails(sourceFile('bomb.csv.gz', bomb), /^the gzipped source unpacks to more than 16 times SOURCE_MAX_BYTES \(1048576 bytes\)/);
    await ingestFails(sourceFile('big.csv', big), 'the source is larger than SOURCE_MAX_BYTES (65536 bytes)');
    await expectLiveUnchanged();
  });

  it('a source that never ends fails for good after SOURCE_MAX_SECONDS of waiting for it, naming the setting', async () => {
    const sending = new Set<NodeJS.Timeout>();
    server.route('/endless.csv', (res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write(`${FIXTURE_CSV.split('\r\n')[0]}\n`);
      let row = 0;
      const timer = setInterval(() => res.write(`E${row},B1,N,"[0, 0]",Endless review ${row++},5.0,S,1,"d"\n`), 50);
      sending.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const started = Date.now();
      await ingestFails(server.url('/endless.csv'), /^reading the source took longer than SOURCE_MAX_SECONDS \(3 s\) after \d+ rows?$/);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(server.requests('/endless.csv')).toBe(1);
    } finally {
      for (const timer of sending) clearInterval(timer);
    }
    await expectLiveUnchanged();
  });

  it('job ids are random UUIDs; a job status needs the API key; its source shows no credentials, query or fragment', async () => {
    const signed = `http://reader:${CANARIES.REDIS_PASSWORD}@${ALLOWED_HOST}:${server.port}/reviews.csv?signature=${CANARIES.QDRANT_API_KEY}#${CANARIES.HF_TOKEN}`;
    const first = await post(signed, { activate: false });
    const second = await post(sourceFile('again.csv', FIXTURE_CSV), { activate: false });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.json.jobId).toMatch(UUID);
    expect(second.json.jobId).toMatch(UUID);
    expect(first.json.jobId).not.toBe(second.json.jobId);

    const anonymous = await call('GET', `/ingest/${first.json.jobId}`, { key: false });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error).toMatch(/needs the API key/);
    expect(canariesIn(anonymous.text)).toEqual([]);
    expect((await call('GET', '/ingest/no-such-job', { key: false })).status).toBe(401);

    const status = await ended(first.json.jobId);
    expect(status.request.source).toBe(`http://${ALLOWED_HOST}:${server.port}/reviews.csv`);
    await ended(second.json.jobId);
    await expectLiveUnchanged();
  });
});
