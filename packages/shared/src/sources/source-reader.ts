import type { Readable } from 'node:stream';
import { readCsvRecords } from './csv-records';
import { readJsonLinesRecords } from './jsonl-records';
import { readParquetRecords } from './parquet-records';
import { detectDelimiter, detectFormat } from './source-format';
import type { ReadRecordsOptions, SourceFormat, SourceRecord } from './source-records';
import { spoolToFile } from './spool-file';
import { streamHead } from './stream-head';

/** How a source is laid out, as asked for: what is left out is detected from its first bytes. */
export interface SourceLayout {
  format?: SourceFormat;
  /** A CSV's delimiter. */
  delimiter?: string;
}

/** How a source was read. */
export interface SourceShape {
  format: SourceFormat;
  /** A CSV's delimiter. */
  delimiter?: string;
}

export interface ReadSourceOptions extends ReadRecordsOptions {
  /** Told how the source is read, before its columns. */
  onShape?(shape: SourceShape): void;
  /** A Parquet source is copied to a temporary file (it is read from its end): at most this many bytes. */
  maxBytes: number;
}

/**
 * The records of a source (its decompressed bytes), in whichever format it is:
 * CSV (any of the usual delimiters), JSON Lines or Parquet, each read as a
 * stream (a Parquet file row group by row group, from a temporary copy).
 */
export async function* readSourceRecords(stream: Readable, layout: SourceLayout, options: ReadSourceOptions): AsyncGenerator<SourceRecord> {
  const { head, stream: replayed } = await streamHead(stream[Symbol.asyncIterator]() as AsyncIterableIterator<Buffer>);
  try {
    const format = layout.format ?? detectFormat(head);
    if (format === 'parquet') {
      options.onShape?.({ format });
      const spooled = await spoolToFile(replayed, options.maxBytes);
      try {
        yield* readParquetRecords(spooled.file, options);
      } finally {
        await spooled.remove();
      }
    } else if (format === 'jsonl') {
      options.onShape?.({ format });
      yield* readJsonLinesRecords(replayed, options);
    } else {
      const delimiter = layout.delimiter ?? detectDelimiter(head);
      options.onShape?.({ format, delimiter });
      yield* readCsvRecords(replayed, { ...options, delimiter });
    }
  } finally {
    replayed.destroy();
    stream.destroy();
  }
}
