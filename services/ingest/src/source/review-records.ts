import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { errorMessage } from '@review-search/shared';
import { IngestSourceError } from './source-error';

export interface CsvRecord {
  /** 1 = the first data row after the header. */
  row: number;
  fields: Record<string, string>;
}

export const REVIEW_TEXT_COLUMN = 'reviewText';

/**
 * Streams the CSV's data rows as records keyed by the header's names. Stops
 * after `limit` rows. Fails with the line number when the CSV is malformed.
 */
export async function* readCsvRecords(stream: Readable, limit?: number): AsyncGenerator<CsvRecord> {
  let header: string[] | undefined;
  const parser = stream.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      columns: (names: string[]) => {
        header = names.map((name) => name.trim());
        if (!header.includes(REVIEW_TEXT_COLUMN)) {
          throw new IngestSourceError(
            `the CSV has no '${REVIEW_TEXT_COLUMN}' column; its header is: ${header.slice(0, 20).join(', ')}`,
          );
        }
        return header;
      },
    }),
  );
  stream.on('error', (error) => parser.destroy(error));
  let row = 0;
  try {
    for await (const fields of parser as AsyncIterable<Record<string, string>>) {
      if (limit !== undefined && row >= limit) break;
      row += 1;
      yield { row, fields };
    }
  } catch (error) {
    if (error instanceof IngestSourceError) throw error;
    throw new IngestSourceError(`the CSV cannot be parsed (${row} data rows taken before): ${errorMessage(error)}`);
  } finally {
    stream.destroy();
  }
  if (!header) throw new IngestSourceError('the source is empty: it has no header row');
}
