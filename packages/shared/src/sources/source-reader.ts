import { Readable } from 'node:stream';
import { readCsvRecords } from './csv-records';
import { readJsonLinesRecords } from './jsonl-records';
import { readParquetRecords } from './parquet-records';
import { detectDelimiter, detectFormat } from './source-format';
import type { ReadRecordsOptions, SourceFormat, SourceRecord } from './source-records';
import { spoolToFile } from './spool-file';

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
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const replayed = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
    { objectMode: false },
  );
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
