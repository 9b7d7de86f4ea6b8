import type { SourceValue } from './source-records';

/**
 * A value read from a JSON Lines or Parquet source as a `SourceValue`, safe to
 * store as JSON: a bigint becomes a number when it is a safe integer, else its
 * decimal string; a date its ISO 8601 string (an invalid one null); bytes
 * their UTF-8 text (invalid UTF-8 reads as U+FFFD); NaN, infinities and
 * undefined null; lists and structs value by value. NUL characters are dropped
 * from every string, keys too.
 */
export function toSourceValue(value: unknown): SourceValue {
  switch (typeof value) {
    case 'string':
      return withoutNul(value);
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'object':
      return value === null ? null : objectValue(value);
    default:
      return null;
  }
}

function objectValue(value: object): SourceValue {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return withoutNul(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'));
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, toSourceValue);
  if (Array.isArray(value)) return value.map(toSourceValue);
  // fromEntries defines each key as the record's own (a key "__proto__" stays a key).
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), toSourceValue(item)]));
}

function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}
