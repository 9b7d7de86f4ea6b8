import fs from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorMessage } from '@review-search/shared';
import { IngestSourceError } from './source-error';

export interface OpenedSource {
  /** The decompressed bytes of the CSV. */
  stream: Readable;
  /** Bytes taken from the source so far (compressed, as stored). */
  bytesRead(): number;
  /** Size of the source when known (file size or Content-Length). */
  bytesTotal?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Opens an http(s) URL or a file path as a stream, without reading it whole.
 * Gzip is recognised by its magic bytes, whatever the name says.
 */
export async function openSource(source: string, signal?: AbortSignal): Promise<OpenedSource> {
  const { raw, bytesTotal } = /^https?:\/\//i.test(source) ? await openUrl(source, signal) : await openFile(source);
  let bytesRead = 0;
  const chunks = countBytes(raw, (n) => (bytesRead += n));
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
  const stream = gzipped ? replayed.pipe(createGunzip()) : replayed;
  if (gzipped) replayed.on('error', (error) => stream.destroy(error));
  return { stream, bytesRead: () => bytesRead, bytesTotal };
}

async function* countBytes(raw: AsyncIterable<Buffer | Uint8Array>, add: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of raw) {
    add(chunk.length);
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  }
}

async function openUrl(url: string, signal?: AbortSignal): Promise<{ raw: Readable; bytesTotal?: number }> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw new IngestSourceError(`cannot fetch ${url}: ${describeFetchError(error)}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new IngestSourceError(`GET ${url} answered ${response.status} ${response.statusText}`.trim());
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (/text\/html/i.test(contentType)) {
    await response.body.cancel();
    throw new IngestSourceError(`${url} serves an HTML page (${contentType}), not a CSV file`);
  }
  const length = Number(response.headers.get('content-length'));
  const encoded = response.headers.get('content-encoding');
  return {
    raw: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>),
    // With a Content-Encoding, Content-Length counts encoded bytes, not what we read.
    bytesTotal: Number.isFinite(length) && length > 0 && !encoded ? length : undefined,
  };
}

async function openFile(file: string): Promise<{ raw: Readable; bytesTotal?: number }> {
  const local = file.startsWith('file://') ? new URL(file).pathname : file;
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(local);
  } catch (error) {
    throw new IngestSourceError(`cannot read source file ${local}: ${errorMessage(error)}`);
  }
  if (!stat.isFile()) throw new IngestSourceError(`source ${local} is not a file`);
  return { raw: fs.createReadStream(local), bytesTotal: stat.size };
}

function describeFetchError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? errorMessage(error);
}
