import { delimiterSchema, givenMapping, givenMappingSchema, SOURCE_FORMATS, type SourceDefaults, type SourceFormat } from '@review-search/shared';

/** `pnpm ingest`'s flags for the source's columns, format and delimiter. */
export const sourceFlags = {
  text: { type: 'string' },
  title: { type: 'string' },
  rating: { type: 'string' },
  group: { type: 'string' },
  id: { type: 'string' },
  date: { type: 'string' },
  keep: { type: 'string' },
  format: { type: 'string' },
  delimiter: { type: 'string' },
} as const;

type Flags = Partial<Record<keyof typeof sourceFlags, string>>;

/** The mapping, format and delimiter the flags give (`none`: the source has no such column), or what is wrong with them. */
export function mappingFlags(values: Flags): SourceDefaults | { problem: string } {
  const list = (value: string | undefined) => value?.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const role = (value: string | undefined) => (value === undefined ? undefined : value === 'none' ? null : value);
  const input = {
    text: list(values.text),
    title: role(values.title),
    rating: role(values.rating),
    group: role(values.group),
    id: list(values.id),
    date: role(values.date),
    keep: list(values.keep),
  };
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const parsed = givenMappingSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `--${String(issue.path[0])}: ${issue.message}` };
  }
  const result: SourceDefaults = {};
  if (Object.keys(defined).length > 0) result.mapping = givenMapping(parsed.data);
  if (values.format !== undefined) {
    if (!(SOURCE_FORMATS as readonly string[]).includes(values.format)) return { problem: `--format must be one of ${SOURCE_FORMATS.join(', ')}` };
    result.format = values.format as SourceFormat;
  }
  if (values.delimiter !== undefined) {
    const delimiter = delimiterSchema.safeParse(values.delimiter);
    if (!delimiter.success) return { problem: `--delimiter ${delimiter.error.issues[0]!.message}` };
    result.delimiter = delimiter.data;
  }
  return result;
}
