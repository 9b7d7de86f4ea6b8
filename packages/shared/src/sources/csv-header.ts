/**
 * When a first line may be quoted back as a CSV header. A failure reason must
 * never quote bytes of a source that is not a CSV (a secrets file, a
 * process's environment): only a line that reads as a header, 2 to 100 names,
 * each of at most 48 letters, digits, spaces and `_ - . ( )`, starting with a
 * letter or digit, and none that looks like a token (16 characters or more,
 * letters and digits mixed, no space), is named.
 */
export const HEADER_QUOTE_BOUNDS = { minColumns: 2, maxColumns: 100, maxNameChars: 48 } as const;

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.()-]*$/u;

/** A column name that may be quoted in a message. */
export function isQuotableName(name: string): boolean {
  if (name.length === 0 || name.length > HEADER_QUOTE_BOUNDS.maxNameChars || !NAME.test(name)) return false;
  const tokenLike = name.length >= 16 && !name.includes(' ') && /\p{N}/u.test(name) && /\p{L}/u.test(name);
  return !tokenLike;
}

/** A first line whose names may be quoted in a message. */
export function looksLikeHeader(names: readonly string[]): boolean {
  return names.length >= HEADER_QUOTE_BOUNDS.minColumns && names.length <= HEADER_QUOTE_BOUNDS.maxColumns && names.every(isQuotableName);
}

/** How a message names a column: `'summary'` when its name may be quoted, else `column 3`. */
export function columnLabel(header: readonly string[], index: number): string {
  const name = header[index]!;
  return isQuotableName(name) ? `'${name}' field` : `field of column ${index + 1}`;
}
