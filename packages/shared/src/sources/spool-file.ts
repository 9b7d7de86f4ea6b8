import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { errorMessage, ReviewSearchError } from '../errors';
import { IngestSourceError, SourceUnavailableError } from './source-error';

/** A source copied to a private temporary file (Parquet is read by byte ranges, which a URL's or a gzip's stream cannot give). */
export interface SpooledFile {
  file: string;
  bytes: number;
  /** Deletes the file and its folder; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * Writes `stream` to a new file only this user may read (mode 0600, in a
 * folder of its own, 0700, under the system's temporary folder). A stream of
 * more than `maxBytes` fails naming the bound; on any failure the file is removed.
 */
export async function spoolToFile(stream: Readable, maxBytes: number): Promise<SpooledFile> {
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'review-search-source-'));
  const file = path.join(folder, 'source');
  const remove = () => fs.promises.rm(folder, { recursive: true, force: true });
  let bytes = 0;
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await diskStep(fs.promises.open(file, 'wx', 0o600));
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        throw new IngestSourceError(`the source is larger than ${maxBytes} bytes, the most that may be copied to a temporary file to be read`);
      }
      await diskStep(writeAll(handle, chunk));
    }
    await diskStep(handle.close());
    handle = undefined;
    return { file, bytes, remove };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await remove();
    if (error instanceof ReviewSearchError) throw error;
    throw new SourceUnavailableError(`reading the source broke off (${errorMessage(error)})`, undefined, { cause: error });
  } finally {
    stream.destroy();
  }
}

async function writeAll(handle: fs.promises.FileHandle, chunk: Buffer): Promise<void> {
  for (let written = 0; written < chunk.length; ) {
    written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
  }
}

/** A step on the temporary file; where it fails (most likely the disk is full), a later attempt may succeed. */
async function diskStep<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    throw new SourceUnavailableError(`the source cannot be copied to a temporary file (${errorMessage(error)})`, undefined, { cause: error });
  }
}
