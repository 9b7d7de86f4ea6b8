import fs from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorMessage } from '@review-search/shared';
import { IngestSourceError, SourceUnavailableError } from './source-error';

export interface OpenedSource {
  /** The decompressed bytes of the CSV. */
  stream: Readable;
  /** Bytes taken from the source so far (compressed, as stored). */
  bytesRead(): number;
  /** Size of the source when known (file size or Content-Length). */
  bytesTotal?: number;
}

export interface OpenSourceOptions {
  /** A source that sends nothing for this long has stalled (`SOURCE_IDLE_TIMEOUT_MS`). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

interface RawSource {
  raw: Readable;
  bytesTotal?: number;
  /** How messages name the source (a URL without its query). */
  name: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * Opens an http(s) URL or a file path as a stream, without reading it whole.
 * Gzip is recognised by its magic bytes, whatever the name says. A source
 * that stalls, or whose connection breaks, fails with `SourceUnavailableError`
 * (worth retrying); one that cannot be a CSV fails with `IngestSourceError`.
 */
export async function openSource(source: string, options: OpenSourceOptions = {}): Promise<OpenedSource> {
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const opened = /^https?:\/\//i.test(source) ? await openUrl(source, idleTimeoutMs, options.signal) : await openFile(source);
  let bytesRead = 0;
  const chunks = watchedChunks(opened, idleTimeoutMs, (n) => (bytesRead += n));
  const first = await chunks.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  const replayed = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      yield* chunks;
    })(),
    { objectMode: false },
  );
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const stream = gzipped ? Readable.from(gunzip(replayed), { objectMode: false }) : replayed;
  return { stream, bytesRead: () => bytesRead, bytesTotal: opened.bytesTotal };
}

/** The source's chunks, counted; waits at most `idleTimeoutMs` for each (only while asked for one). */
async function* watchedChunks(opened: RawSource, idleTimeoutMs: number, add: (n: number) => void): AsyncGenerator<Buffer> {
  const chunks = opened.raw[Symbol.asyncIterator]() as AsyncIterator<Buffer | Uint8Array>;
  try {
    for (;;) {
      const next = await withinIdleTimeout(chunks.next(), idleTimeoutMs, opened.name);
      if (next.done) return;
      add(next.value.length);
      yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
  } catch (error) {
    if (error instanceof SourceUnavailableError) throw error;
    throw new SourceUnavailableError(`reading ${opened.name} broke off (${describeCause(error)})`, undefined, { cause: error });
  } finally {
    opened.raw.destroy();
  }
}

/** `pending`, unless the source sends nothing for `idleTimeoutMs` (then `SourceUnavailableError`). */
async function withinIdleTimeout<T>(pending: Promise<T>, idleTimeoutMs: number, name: string, what = 'nothing'): Promise<T> {
  let cancel = () => {};
  const stalled = new Promise<never>((_, reject) => {
    cancel = idleTimer(idleTimeoutMs, () => reject(stalledError(name, idleTimeoutMs, what)));
  });
  try {
    return await Promise.race([pending, stalled]);
  } finally {
    cancel();
  }
}

/**
 * Calls `onIdle` once `idleMs` have passed with the event loop free to take
 * what the source sent: the time counts in ticks of a tenth, and a tick the
 * loop spent blocked (parsing a huge row, say) counts once however long it
 * was, so a busy process never takes its own slowness for a stalled source.
 */
function idleTimer(idleMs: number, onIdle: () => void): () => void {
  const TICKS = 10;
  let ticks = 0;
  const interval = setInterval(() => {
    if (++ticks < TICKS) return;
    clearInterval(interval);
    onIdle();
  }, Math.max(1, Math.ceil(idleMs / TICKS)));
  return () => clearInterval(interval);
}

function stalledError(name: string, idleTimeoutMs: number, what: string): SourceUnavailableError {
  return new SourceUnavailableError(`the source stalled: ${name} sent ${what} for ${idleTimeoutMs} ms (SOURCE_IDLE_TIMEOUT_MS)`);
}

/** The decompressed bytes; a gzip stream that ends early or is corrupt fails saying so. */
async function* gunzip(compressed: Readable): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  compressed.on('error', (error) => inflater.destroy(error));
  compressed.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
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

async function openUrl(url: string, idleTimeoutMs: number, signal?: AbortSignal): Promise<RawSource> {
  const name = describeUrl(url);
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  let response: Response;
  try {
    response = await withinIdleTimeout(fetch(url, { signal: controller.signal, redirect: 'follow' }), idleTimeoutMs, name, 'no answer');
  } catch (error) {
    controller.abort();
    if (error instanceof SourceUnavailableError) throw error;
    throw new SourceUnavailableError(`cannot fetch ${name}: ${describeCause(error)}`, undefined, { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const message = `GET ${name} answered ${response.status} ${response.statusText}`.trim();
    const transient = response.status === 408 || response.status === 429 || response.status >= 500;
    throw transient ? new SourceUnavailableError(message) : new IngestSourceError(message);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (/text\/html/i.test(contentType)) {
    await response.body.cancel();
    throw new IngestSourceError(`${name} serves an HTML page (${contentType}), not a CSV file`);
  }
  const length = Number(response.headers.get('content-length'));
  const encoded = response.headers.get('content-encoding');
  return {
    raw: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>),
    // With a Content-Encoding, Content-Length counts encoded bytes, not what we read.
    bytesTotal: Number.isFinite(length) && length > 0 && !encoded ? length : undefined,
    name,
  };
}

async function openFile(file: string): Promise<RawSource> {
  const local = file.startsWith('file://') ? new URL(file).pathname : file;
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(local);
  } catch (error) {
    throw new IngestSourceError(`cannot read source file ${local}: ${errorMessage(error)}`);
  }
  if (!stat.isFile()) throw new IngestSourceError(`source ${local} is not a file`);
  return { raw: fs.createReadStream(local), bytesTotal: stat.size, name: local };
}

/** A URL as messages show it: no credentials, no query (it may hold a signature or a token). */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  } catch {
    return 'the source URL';
  }
}

function describeCause(error: unknown): string {
  // By shape, not instanceof: fetch's errors come from Node's own realm.
  const cause = typeof error === 'object' && error !== null ? ((error as { cause?: unknown }).cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.message || cause?.code || errorMessage(error);
}
