import fs from 'node:fs';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorMessage, ReviewSearchError } from '../errors';
import type { IngestOrigin } from '../ingest/ingest.jobs';
import type { SourceAddressRules } from './source-address';
import { resolveSourceFile, sourceScheme } from './source-files';
import { sourceAgent } from './source-agent';
import { streamHead } from './stream-head';
import { MAX_GZIP_RATIO, SourceBudget, unpacksTooLarge, type SourceBounds } from './source-budget';
import { IngestSourceError, SourceRefusedError, SourceUnavailableError } from './source-error';
import { describeCause, getSourceUrl } from './source-url';

export interface OpenedSource {
  /** The decompressed bytes of the source. */
  stream: Readable;
  /** Bytes taken from the source so far (compressed, as stored). */
  bytesRead(): number;
  /** Size of the source when known (file size or Content-Length). */
  bytesTotal?: number;
  /** At most this many bytes come out of `stream` (SOURCE_MAX_BYTES; more for a gzip source, which unpacks). */
  maxBytes: number;
}

export interface OpenSourceOptions extends Partial<SourceBounds> {
  /**
   * Who named the source (default: a request). A request's file must lie in
   * `sourceDirs` and its URLs reach only the addresses `addresses` allows;
   * the operator's may be any file or address.
   */
  origin?: IngestOrigin;
  /** SOURCES_DIR. */
  sourceDirs?: readonly string[];
  /** ALLOW_PRIVATE_SOURCES and SOURCE_ALLOWED_NETWORKS. */
  addresses?: SourceAddressRules;
  /** How host names are resolved where a connection is made (node's `dns.lookup` by default). */
  lookup?: LookupFunction;
  signal?: AbortSignal;
}

interface RawSource {
  raw: Readable;
  bytesTotal?: number;
  /** How messages name the source (a URL without its query). */
  name: string;
  /** Releases what the source holds besides its stream (the HTTP client's connections). */
  close(): void;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const DEFAULTS: SourceBounds = { idleTimeoutMs: 60_000, maxBytes: 1024 * 1024 * 1024, maxSeconds: 3600 };
const EVERY_ADDRESS: SourceAddressRules = { allowPrivate: true, allowedNetworks: [] };
const PUBLIC_ONLY: SourceAddressRules = { allowPrivate: false, allowedNetworks: [] };

/**
 * Opens an http(s) URL or a file path as a stream, without reading it whole.
 * Gzip is recognised by its magic bytes, whatever the name says. A source
 * that stalls, or whose connection breaks, fails with `SourceUnavailableError`
 * (worth retrying); one that cannot be a CSV, is too large or too slow
 * (SOURCE_MAX_BYTES, SOURCE_MAX_SECONDS), or may not be read by whoever named
 * it, fails with `IngestSourceError` (not retried).
 */
export async function openSource(source: string, options: OpenSourceOptions = {}): Promise<OpenedSource> {
  const bounds = { ...DEFAULTS, ...definedBounds(options) };
  const scheme = sourceScheme(source);
  const url = scheme === 'http' || scheme === 'https';
  const budget = new SourceBudget(bounds, url ? 'the source URL' : 'the source file');
  const opened = url ? await openUrl(source, budget, options) : await openFile(source, options);
  budget.name = opened.name;
  try {
    budget.announce(opened.bytesTotal);
  } catch (error) {
    opened.raw.destroy();
    opened.close();
    throw error;
  }
  const { head, stream: replayed } = await streamHead(watchedChunks(opened, budget));
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const stream = gzipped ? Readable.from(gunzip(replayed, bounds.maxBytes), { objectMode: false }) : replayed;
  const maxBytes = gzipped ? MAX_GZIP_RATIO * bounds.maxBytes : bounds.maxBytes;
  return { stream, bytesRead: () => budget.bytesRead(), bytesTotal: opened.bytesTotal, maxBytes };
}

function definedBounds(options: Partial<SourceBounds>): Partial<SourceBounds> {
  const { idleTimeoutMs, maxBytes, maxSeconds } = options;
  return Object.fromEntries(Object.entries({ idleTimeoutMs, maxBytes, maxSeconds }).filter(([, v]) => v !== undefined));
}

/** The source's chunks, counted against its budget (bytes, idle time, time waited). */
async function* watchedChunks(opened: RawSource, budget: SourceBudget): AsyncGenerator<Buffer> {
  const chunks = opened.raw[Symbol.asyncIterator]() as AsyncIterator<Buffer | Uint8Array>;
  try {
    for (;;) {
      const next = await budget.wait(chunks.next());
      if (next.done) return;
      budget.count(next.value.length);
      yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
  } catch (error) {
    if (error instanceof ReviewSearchError) throw error;
    throw new SourceUnavailableError(`reading ${opened.name} broke off (${describeCause(error)})`, undefined, { cause: error });
  } finally {
    opened.raw.destroy();
    opened.close();
  }
}

/** The decompressed bytes; a gzip stream that ends early, is corrupt, or unpacks too far (a gzip bomb) fails saying so. */
async function* gunzip(compressed: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  compressed.on('error', (error) => inflater.destroy(error));
  compressed.pipe(inflater);
  let unpacked = 0;
  try {
    for await (const chunk of inflater) {
      unpacked += (chunk as Buffer).length;
      if (unpacked > MAX_GZIP_RATIO * maxBytes) throw unpacksTooLarge(maxBytes);
      yield chunk as Buffer;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new IngestSourceError('the gzip stream ends early (truncated)');
    if (code === 'Z_DATA_ERROR') throw new IngestSourceError(`the gzip data is corrupt (${errorMessage(error)})`);
    throw error;
  } finally {
    compressed.destroy();
    inflater.destroy();
  }
}

async function openUrl(url: string, budget: SourceBudget, options: OpenSourceOptions): Promise<RawSource> {
  const rules = options.origin === 'operator' ? EVERY_ADDRESS : (options.addresses ?? PUBLIC_ONLY);
  const agent = sourceAgent(rules, options.lookup);
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(options.signal!.reason), { once: true });
  const close = () => {
    controller.abort();
    void agent.destroy().catch(() => undefined);
  };
  try {
    const response = await getSourceUrl(url, { dispatcher: agent, rules, budget, signal: controller.signal });
    return { raw: response.body, bytesTotal: response.length, name: response.name, close };
  } catch (error) {
    close();
    throw error;
  }
}

async function openFile(source: string, options: OpenSourceOptions): Promise<RawSource> {
  const local = options.origin === 'operator' ? operatorPath(source) : await requestPath(source, options.sourceDirs ?? []);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(local);
  } catch (error) {
    throw new IngestSourceError(`cannot read source file ${local}: ${errorMessage(error)}`);
  }
  if (!stat.isFile()) throw new IngestSourceError(`source ${local} is not a file`);
  return { raw: fs.createReadStream(local), bytesTotal: stat.size, name: local, close: () => undefined };
}

function operatorPath(source: string): string {
  return source.startsWith('file://') ? new URL(source).pathname : source;
}

/** A request's file, resolved inside SOURCES_DIR; the refusal is the API's, word for word. */
async function requestPath(source: string, dirs: readonly string[]): Promise<string> {
  try {
    return await resolveSourceFile(source, dirs);
  } catch (error) {
    throw new SourceRefusedError(errorMessage(error));
  }
}
