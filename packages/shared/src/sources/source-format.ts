import type { SourceFormat } from './source-records';

/** Delimiters a CSV's header line is tried with, in order of preference on a tie. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

const PARQUET_MAGIC = Buffer.from('PAR1');

/**
 * The format of a source from its first bytes (after any gzip): Parquet by its
 * magic number, JSON Lines when the first thing in it is a `{`, else CSV.
 */
export function detectFormat(head: Buffer): SourceFormat {
  if (head.subarray(0, 4).equals(PARQUET_MAGIC)) return 'parquet';
  const text = head.subarray(0, 256).toString('utf8').replace(/^\uFEFF/, '');
  return /^\s*\{/.test(text) ? 'jsonl' : 'csv';
}

/**
 * A CSV's delimiter from its first line: the one of `CSV_DELIMITERS` found
 * most often outside quotes (`,` when none is, or on a tie with it).
 */
export function detectDelimiter(head: Buffer): string {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = CSV_DELIMITERS[0];
  for (const delimiter of CSV_DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}
