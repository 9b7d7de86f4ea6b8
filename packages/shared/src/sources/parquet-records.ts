import type { RowGroup } from 'hyparquet';
import { ReviewSearchError } from '../errors';
import { openParquetFile } from './parquet-file';
import { longFieldProblem } from './record-checks';
import { rowCount } from './row-checks';
import { IngestSourceError } from './source-error';
import type { ReadRecordsOptions, SourceRecord, SourceValue } from './source-records';
import { toSourceValue } from './source-values';

/**
 * The most data (uncompressed, as the file's metadata gives it) one row group
 * may hold: a row group is read whole, so this bounds what a read holds.
 */
export const MAX_ROW_GROUP_BYTES = 512 * 1024 * 1024;

export interface ReadParquetOptions extends ReadRecordsOptions {
  /** Default `MAX_ROW_GROUP_BYTES`. */
  maxRowGroupBytes?: number;
}

/**
 * Streams a local Parquet file's rows as records numbered from 1, one row
 * group at a time (never the whole file), whatever its codec (snappy, gzip,
 * zstd, brotli, lz4). Values come as JSON-safe `SourceValue`s
 * (`toSourceValue`). `onColumns` gets the schema's top-level names. Stops
 * after `limit` rows (skipped ones count); a row with a string over
 * `MAX_FIELD_CHARS` is skipped. A file that is not Parquet, or is truncated
 * or corrupt, fails saying so (with the rows read before) and quoting nothing
 * of its bytes.
 */
export async function* readParquetRecords(file: string, options: ReadParquetOptions = {}): AsyncGenerator<SourceRecord> {
  const { limit, maxRowGroupBytes = MAX_ROW_GROUP_BYTES } = options;
  const parquet = await openParquetFile(file);
  try {
    const { parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import('hyparquet');
    const { compressors } = await import('hyparquet-compressors');
    const metadata = await decoded(() => parquetMetadataAsync(parquet.buffer), 'its footer (the file metadata) cannot be read');
    const columns = await decoded(async () => parquetSchema(metadata).children.map((column) => column.element.name), 'its schema cannot be read');
    options.onColumns?.(columns);
    options.onTotal?.(Number(metadata.num_rows));
    let row = 0;
    for (const [index, group] of metadata.row_groups.entries()) {
      if (limit !== undefined && row >= limit) return;
      checkSize(group, index, maxRowGroupBytes);
      const rowStart = row;
      const rowEnd = rowStart + Math.min(Number(group.num_rows), limit === undefined ? Infinity : limit - row);
      const where = `row group ${index + 1} (from row ${rowStart + 1}) cannot be decoded; ${rowCount(row)} before it ${row === 1 ? 'was' : 'were'} read`;
      const rows = await decoded(() => parquetReadObjects({ file: parquet.buffer, metadata, compressors, rowStart, rowEnd }), where);
      for (const values of rows) {
        row += 1;
        const fields = toSourceValue(values) as Record<string, SourceValue>;
        const problem = longFieldProblem(fields, `row ${row}`);
        if (problem) options.onSkip?.({ row, reason: problem });
        else yield { row, fields };
      }
    }
    if (row === 0) throw new IngestSourceError('the Parquet file has no rows: there are no reviews to ingest');
  } finally {
    await parquet.close();
  }
}

/** What hyparquet read; where it fails, the file is corrupt (its words are not shown: they may quote the file). */
async function decoded<T>(read: () => Promise<T>, what: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ReviewSearchError) throw error;
    throw new IngestSourceError(`the Parquet file is corrupt or uses a feature this reader does not support: ${what}`, undefined, { cause: error });
  }
}

function checkSize(group: RowGroup, index: number, maxBytes: number): void {
  const bytes = Number(group.total_byte_size);
  if (bytes > maxBytes) {
    throw new IngestSourceError(
      `the Parquet file's row group ${index + 1} holds ${size(bytes)} uncompressed, over the ${size(maxBytes)} ` +
        'a row group may hold here (it is read whole): write the file with smaller row groups',
    );
  }
}

/** "700 bytes", "512 MiB", "1,024.5 MiB". */
function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  return `${(bytes / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB`;
}
