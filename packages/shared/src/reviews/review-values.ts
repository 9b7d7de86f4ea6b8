import type { SourceValue } from '../sources/source-records';

/** A value as text: strings as they are, numbers and booleans written out, lists and objects as JSON, null as ''. */
export function valueText(value: SourceValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A number, from a number or its text; null when there is none. */
export function valueNumber(value: SourceValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Past this, a number of the date column counts milliseconds, not seconds (10^11 s is the year 5138). */
const MILLISECONDS_FROM = 1e11;

/**
 * Seconds since 1970 from a date column: a number (seconds, or milliseconds
 * when over 10^11) or its text, or an ISO 8601 date; null when unreadable.
 */
export function valueSeconds(value: SourceValue | undefined): number | null {
  const number = valueNumber(value);
  if (number !== null) return Math.floor(Math.abs(number) >= MILLISECONDS_FROM ? number / 1000 : number);
  if (typeof value !== 'string') return null;
  const parsed = Date.parse(value.trim());
  return Number.isFinite(parsed) ? Math.floor(parsed / 1000) : null;
}

/** A CSV cell kept as it is, except one holding a JSON list (`[3, 7]`), kept as that list. */
export function csvCell(value: SourceValue | undefined): SourceValue {
  if (typeof value !== 'string') return value ?? null;
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return value;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) ? (parsed as SourceValue[]) : value;
  } catch {
    return value;
  }
}
