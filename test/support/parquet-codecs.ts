/**
 * Compressors for writing Parquet test files in every codec the reader takes.
 * Node has gzip and brotli; for zstd and lz4 a valid frame that stores its
 * bytes as they are (a raw zstd block, an lz4 block of literals) is enough to
 * prove the reader hands each codec to its decompressor.
 */
import zlib from 'node:zlib';

export type ParquetCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI' | 'ZSTD' | 'LZ4' | 'LZ4_RAW';

/** The codecs hyparquet-writer lacks (it has snappy). */
export const TEST_COMPRESSORS = {
  GZIP: (input: Uint8Array) => zlib.gzipSync(input),
  BROTLI: (input: Uint8Array) => zlib.brotliCompressSync(input),
  ZSTD: zstdStored,
  LZ4: lz4HadoopStored,
  LZ4_RAW: lz4Stored,
};

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** Frame header: a 4-byte content size, one segment, no checksum. */
const ZSTD_HEADER = 0xa0;
const ZSTD_MAX_BLOCK = 128 * 1024;

function zstdStored(input: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Buffer.from([...ZSTD_MAGIC, ZSTD_HEADER]), u32(input.length, 'LE')];
  let at = 0;
  do {
    const block = input.subarray(at, at + ZSTD_MAX_BLOCK);
    at += block.length;
    // Block header: size, type 0 (raw), last-block bit.
    const header = (block.length << 3) | (at >= input.length ? 1 : 0);
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block);
  } while (at < input.length);
  return Buffer.concat(parts);
}

/** An lz4 block of one sequence of literals and no match. */
function lz4Stored(input: Uint8Array): Uint8Array {
  const length: number[] = [];
  if (input.length >= 15) {
    let rest = input.length - 15;
    for (; rest >= 255; rest -= 255) length.push(255);
    length.push(rest);
  }
  return Buffer.concat([Buffer.from([Math.min(input.length, 15) << 4, ...length]), input]);
}

/** The Hadoop framing of lz4 (the older LZ4 codec): sizes before the block. */
function lz4HadoopStored(input: Uint8Array): Uint8Array {
  const block = lz4Stored(input);
  return Buffer.concat([u32(input.length, 'BE'), u32(block.length, 'BE'), block]);
}

function u32(n: number, order: 'LE' | 'BE'): Buffer {
  const bytes = Buffer.alloc(4);
  if (order === 'LE') bytes.writeUInt32LE(n);
  else bytes.writeUInt32BE(n);
  return bytes;
}
