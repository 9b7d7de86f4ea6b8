import type { SkippedRow } from '../ingest/ingest-status';

/** A value as a source holds it: CSV gives strings; JSON Lines and Parquet give typed values. */
export type SourceValue = string | number | boolean | null | SourceValue[] | { [key: string]: SourceValue };

/** One record of a source, whatever its format. */
export interface SourceRecord {
  /** 1 = the first record (a CSV's first data row after the header, a JSON Lines file's first non-empty line, a Parquet file's first row). */
  row: number;
  /** The record's columns by name (a column the record lacks is absent). */
  fields: Record<string, SourceValue>;
}

/** The formats a source may be in. */
export const SOURCE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface ReadRecordsOptions {
  /** Stop after this many records (skipped ones count). */
  limit?: number;
  /** Told about each record that is skipped (and why), in order. */
  onSkip?(skipped: SkippedRow): void;
  /**
   * Told the source's columns once, before its first record is yielded (a
   * CSV's header, the keys of a JSON Lines file's first object, a Parquet
   * file's schema). May throw to refuse the source (a mapped column missing).
   */
  onColumns?(columns: readonly string[]): void;
  /** Told how many records the source holds, when its format says before they are read (Parquet). */
  onTotal?(records: number): void;
}
