/** Writes Parquet files for tests, with hyparquet-writer. */
import fs from 'node:fs';
import { parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer';
import { TEST_COMPRESSORS, type ParquetCodec } from './parquet-codecs';

export type ParquetColumnType = 'STRING' | 'DOUBLE' | 'INT64' | 'BOOLEAN' | 'TIMESTAMP' | 'BYTE_ARRAY' | 'JSON';

export interface ParquetColumn {
  name: string;
  /** Omitted where `schema` gives the file's schema (nested lists and structs). */
  type?: ParquetColumnType;
  /** One value a row; null for none. INT64 takes bigints, TIMESTAMP dates, BYTE_ARRAY Uint8Arrays. */
  values: unknown[];
}

export interface ParquetFileOptions {
  /** Rows a row group (default: hyparquet-writer's, 1,000 then 100,000). */
  rowGroupSize?: number;
  /** Default SNAPPY. */
  codec?: ParquetCodec;
  /** The whole schema, root first, where the columns' types do not say enough. */
  schema?: SchemaElement[];
}

export function writeParquetFile(file: string, columns: ParquetColumn[], options: ParquetFileOptions = {}): void {
  const buffer = parquetWriteBuffer({
    columnData: columns.map(({ name, type, values }) => ({ name, type, data: values })),
    codec: options.codec,
    compressors: TEST_COMPRESSORS,
    rowGroupSize: options.rowGroupSize,
    schema: options.schema,
  });
  fs.writeFileSync(file, Buffer.from(buffer));
}
