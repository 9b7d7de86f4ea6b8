import { z } from 'zod';
import { givenMapping, mergeMappings, type GivenMapping } from './column-mapping';
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
  const { COLUMN_TEXT: text, COLUMN_TITLE: title, COLUMN_RATING: rating, COLUMN_GROUP: group, COLUMN_ID: id, COLUMN_DATE: date, COLUMNS_KEEP: keep } = e;
  return sourceLayout(undefined, { mapping: givenMapping({ text, title, rating, group, id, date, keep }), format: e.SOURCE_FORMAT, delimiter: e.CSV_DELIMITER });
}

/**
 * What an ingest reads its source with: the request's mapping over the
 * defaults' role by role (none for an upsert, which reads with its build's),
 * and its format and delimiter, else the defaults'.
 */
export function sourceLayout(defaults: SourceDefaults | undefined, given: SourceDefaults, options: { upsert?: boolean } = {}): SourceDefaults {
  const mapping = options.upsert ? undefined : mergeMappings(defaults?.mapping, given.mapping);
  const format = given.format ?? defaults?.format;
  const delimiter = given.delimiter ?? defaults?.delimiter;
  return { ...(mapping ? { mapping } : {}), ...(format ? { format } : {}), ...(delimiter ? { delimiter } : {}) };
}
