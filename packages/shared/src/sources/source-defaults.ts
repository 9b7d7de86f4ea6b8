import { z } from 'zod';
import type { GivenMapping } from './column-mapping';
import { SOURCE_FORMATS, type SourceFormat } from './source-records';

/** A role's column in the environment; `none`: sources have no such column. */
const roleColumn = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((value) => (value === 'none' ? null : value));
const columnList = z
  .string()
  .transform((value) => value.split(',').map((name) => name.trim()).filter((name) => name !== ''))
  .pipe(z.array(z.string().max(200)).max(64));

/** The delimiters a CSV may have: `tab` (or `\t`) for a tab. */
export const CSV_DELIMITER_NAMES = [',', ';', '|', '\t', 'tab'] as const;
export const delimiterSchema = z
  .enum(CSV_DELIMITER_NAMES, { error: 'must be one of , ; | tab' })
  .transform((value) => (value === 'tab' ? '\t' : value));

/** The environment's defaults for every ingest's mapping, format and delimiter (a request's own win). */
export const sourceDefaultsEnvironment = {
  COLUMN_TEXT: columnList.pipe(z.array(z.string()).min(1)).optional(),
  COLUMN_TITLE: roleColumn.optional(),
  COLUMN_RATING: roleColumn.optional(),
  COLUMN_GROUP: roleColumn.optional(),
  COLUMN_ID: columnList.optional(),
  COLUMN_DATE: roleColumn.optional(),
  COLUMNS_KEEP: columnList.optional(),
  SOURCE_FORMAT: z.enum(SOURCE_FORMATS).optional(),
  CSV_DELIMITER: delimiterSchema.optional(),
};

export interface SourceDefaults {
  mapping?: GivenMapping;
  format?: SourceFormat;
  delimiter?: string;
}

type Parsed = { [K in keyof typeof sourceDefaultsEnvironment]?: z.output<(typeof sourceDefaultsEnvironment)[K]> };

export function sourceDefaults(e: Parsed): SourceDefaults {
  const mapping: GivenMapping = {};
  if (e.COLUMN_TEXT) mapping.text = e.COLUMN_TEXT;
  if (e.COLUMN_TITLE !== undefined) mapping.title = e.COLUMN_TITLE;
  if (e.COLUMN_RATING !== undefined) mapping.rating = e.COLUMN_RATING;
  if (e.COLUMN_GROUP !== undefined) mapping.group = e.COLUMN_GROUP;
  if (e.COLUMN_ID) mapping.id = e.COLUMN_ID;
  if (e.COLUMN_DATE !== undefined) mapping.date = e.COLUMN_DATE;
  if (e.COLUMNS_KEEP) mapping.keep = e.COLUMNS_KEEP;
  return {
    ...(Object.keys(mapping).length > 0 ? { mapping } : {}),
    ...(e.SOURCE_FORMAT ? { format: e.SOURCE_FORMAT } : {}),
    ...(e.CSV_DELIMITER ? { delimiter: e.CSV_DELIMITER } : {}),
  };
}
