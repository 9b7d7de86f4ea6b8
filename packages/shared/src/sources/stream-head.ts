import { Readable } from 'node:stream';

/**
 * The first chunk of a byte stream (empty when it has none), and the whole
 * stream again from its start: for deciding how to read a source (gzip, its
 * format) from its first bytes without reading it twice.
 */
export async function streamHead(chunks: AsyncIterableIterator<Buffer>): Promise<{ head: Buffer; stream: Readable }> {
  const first = await chunks.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const stream = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      yield* chunks;
    })(),
    { objectMode: false },
  );
  return { head, stream };
}
