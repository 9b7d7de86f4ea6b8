import fs from 'node:fs';
import type { AsyncBuffer } from 'hyparquet';
import { errorMessage } from '../errors';
import { IngestSourceError } from './source-error';

/** The four bytes a Parquet file begins and ends with. */
const MAGIC = Buffer.from('PAR1');
/** The magic at both ends and the footer's length between them. */
const SMALLEST_FILE = 12;

/** A local Parquet file open for reading its byte ranges (what hyparquet asks for). */
export interface ParquetFile {
  buffer: AsyncBuffer;
  close(): Promise<void>;
}

/**
 * Opens `file` once its ends show it is Parquet: one that does not begin with
 * the Parquet magic fails as not Parquet, one that begins with it but does not
 * end with it as truncated; neither quotes anything of the file. Byte ranges
 * are read from the open handle as asked for, never the whole file.
 */
export async function openParquetFile(file: string): Promise<ParquetFile> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    throw new IngestSourceError(`cannot read source file ${file}: ${errorMessage(error)}`);
  }
  try {
    const { size } = await handle.stat();
    const head = await readRange(handle, 0, Math.min(MAGIC.length, size));
    if (!MAGIC.equals(head)) throw new IngestSourceError('the source is not a Parquet file (it does not begin with the Parquet magic bytes)');
    const tail = await readRange(handle, Math.max(0, size - MAGIC.length), size);
    if (size < SMALLEST_FILE || !MAGIC.equals(tail)) {
      throw new IngestSourceError('the Parquet file is truncated (it does not end with the Parquet magic bytes of its footer)');
    }
    return { buffer: fileBuffer(handle, size), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function fileBuffer(handle: fs.promises.FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      if (!(start >= 0 && start <= end && end <= size)) {
        // hyparquet asks for what the file's metadata points at: a range outside the file means the metadata is wrong.
        throw new RangeError(`bytes ${start}-${end} lie outside the file of ${size} bytes`);
      }
      return (await readRange(handle, start, end)).buffer;
    },
  };
}

/** Bytes `start` to `end` of the file, in an ArrayBuffer of their own. */
async function readRange(handle: fs.promises.FileHandle, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(new ArrayBuffer(end - start));
  let filled = 0;
  while (filled < bytes.length) {
    const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, start + filled);
    if (bytesRead === 0) throw new RangeError(`the file ended at byte ${start + filled}`);
    filled += bytesRead;
  }
  return bytes;
}
