import { z } from 'zod';
import { isQuotableName } from './csv-header';
import { IngestSourceError } from './source-error';

/**
 * Which columns of a source make a review: resolved against the source's own
 * columns when it is read, and stored with the build. A review is stored
 * under the same payload names whatever the source called its columns (the
 * text as `reviewText`, the title as `summary`, the rating as `overall`, the
 * group as `asin`, the date as `unixReviewTime`), so search, filters and
 * summaries read every build alike; the other columns kept go in under their
 * own names.
 */
export const columnMappingSchema = z.object({
  text: z.array(z.string()).describe("The review's text: one column, or several joined (with a blank line between)."),
  title: z.string().nullable().describe("Shown as the review's title; the build's calibration queries."),
  rating: z.string().nullable().describe('A number (the star rating).'),
  group: z.string().nullable().describe('What reviews are of, or belong to: the product, the app, the thread.'),
  id: z.array(z.string()).describe("Columns whose values together identify a review; none: the review's content does."),
  date: z.string().nullable().describe('When the review was written: seconds or milliseconds since 1970, or an ISO 8601 date.'),
  keep: z.array(z.string()).describe('Other columns stored with the review, under their own names.'),
});
export type ColumnMapping = z.output<typeof columnMappingSchema>;

/** A mapping as asked for: any role left out takes this corpus's column when the source has it. */
export type GivenMapping = Partial<ColumnMapping>;

/** The payload names the roles are stored under. */
export const ROLE_FIELDS = {
  text: 'reviewText',
  title: 'summary',
  rating: 'overall',
  group: 'asin',
  date: 'unixReviewTime',
} as const;

/** Payload names a kept column may not take: the roles', and the text's length. */
export const RESERVED_FIELDS: readonly string[] = [...Object.values(ROLE_FIELDS), 'textLength'];

/** The reference corpus's columns: the defaults, so its ingest needs no mapping. */
export const DEFAULT_MAPPING = {
  text: ['reviewText'],
  title: 'summary',
  rating: 'overall',
  group: 'asin',
  id: ['reviewerID', 'asin'],
  date: 'unixReviewTime',
} as const;

/** Columns kept at most when `keep` is not given (every other column, up to this many). */
export const MAX_KEPT_COLUMNS = 64;

const column = z.string().min(1, 'must name a column').max(200);
const columns = z.array(column).max(MAX_KEPT_COLUMNS);

/** A mapping in a request (`POST /ingest`), the CLI's flags or the environment; null: the source has none. */
export const givenMappingSchema = z.strictObject({
  text: z.union([column, columns.min(1, 'must name at least one column')]).optional(),
  title: column.nullable().optional(),
  rating: column.nullable().optional(),
  group: column.nullable().optional(),
  id: z.union([column, columns]).optional(),
  date: column.nullable().optional(),
  keep: columns.optional(),
});

/** A parsed given mapping, with single columns as lists where a role takes several. */
export function givenMapping(input: z.output<typeof givenMappingSchema>): GivenMapping {
  const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
  const mapping: GivenMapping = {};
  const text = list(input.text);
  const id = list(input.id);
  if (text) mapping.text = text;
  if (input.title !== undefined) mapping.title = input.title;
  if (input.rating !== undefined) mapping.rating = input.rating;
  if (input.group !== undefined) mapping.group = input.group;
  if (id) mapping.id = id;
  if (input.date !== undefined) mapping.date = input.date;
  if (input.keep) mapping.keep = input.keep;
  return mapping;
}

/** The given mapping over the defaults (the given one wins role by role); undefined when neither holds anything. */
export function mergeMappings(defaults: GivenMapping | undefined, given: GivenMapping | undefined): GivenMapping | undefined {
  const merged = { ...defaults, ...given };
  return Object.keys(merged).length === 0 ? undefined : merged;
}

/**
 * The mapping of a source with these columns. A column the mapping names must
 * be there (the error names the columns that are); a role left out takes the
 * corpus's column when the source has it, else has none; `keep` left out keeps
 * every other column (up to `MAX_KEPT_COLUMNS`), except those whose names the
 * roles' payload fields take.
 */
export function resolveMapping(given: GivenMapping | undefined, found: readonly string[]): ColumnMapping {
  const has = new Set(found);
  const missing = (role: string, name: string) => missingColumn(role, name, found);
  const pick = (role: 'title' | 'rating' | 'group' | 'date'): string | null => {
    const asked = given?.[role];
    if (asked === undefined) return has.has(DEFAULT_MAPPING[role]) ? DEFAULT_MAPPING[role] : null;
    if (asked !== null && !has.has(asked)) throw missing(role, asked);
    return asked;
  };
  const text = given?.text ?? [...DEFAULT_MAPPING.text];
  for (const name of text) if (!has.has(name)) throw missing('text', name);
  const id = given?.id ?? (DEFAULT_MAPPING.id.every((name) => has.has(name)) ? [...DEFAULT_MAPPING.id] : []);
  for (const name of id) if (!has.has(name)) throw missing('id', name);
  const roles = { text, title: pick('title'), rating: pick('rating'), group: pick('group'), id, date: pick('date') };
  const used = new Set<string>([...text, roles.title, roles.rating, roles.group, roles.date].filter((n): n is string => n !== null));
  let keep: string[];
  if (given?.keep) {
    for (const name of given.keep) {
      if (!has.has(name)) throw missing('keep', name);
      if (RESERVED_FIELDS.includes(name) && !used.has(name)) {
        throw new IngestSourceError(`cannot keep column '${name}': a review's own '${name}' field has that name (map it as its role, or leave it out of keep)`);
      }
    }
    keep = given.keep.filter((name) => !used.has(name));
  } else {
    keep = found.filter((name) => !used.has(name) && !RESERVED_FIELDS.includes(name)).slice(0, MAX_KEPT_COLUMNS);
  }
  return { ...roles, keep };
}

function missingColumn(role: string, name: string, found: readonly string[]): IngestSourceError {
  const what = role === 'keep' ? 'to keep' : role === 'id' ? 'for the review id' : `for the review ${role}`;
  const named = isQuotableName(name) ? `'${name}'` : 'the column named';
  return new IngestSourceError(`the source has no ${named} column ${what}; ${columnsFound(found)} (name it with mapping.${role} in POST /ingest, or --${role} in pnpm ingest)`);
}

/** "its columns are: a, b, c", naming only the columns whose names may be quoted. */
export function columnsFound(found: readonly string[]): string {
  if (found.length === 0) return 'it has no columns';
  const named = found.filter(isQuotableName).slice(0, 20);
  const rest = found.length - named.length;
  if (named.length === 0) return `its ${found.length} columns have names that are not shown`;
  return `its columns are: ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}
