import { isQuotableName } from './csv-header';
import { MAX_FIELD_CHARS } from './row-checks';
import type { SourceValue } from './source-records';

/**
 * Why a JSON Lines or Parquet record cannot be stored as a review, if it
 * cannot: a string value (top level) over `MAX_FIELD_CHARS`, as for a CSV
 * row. The field is named only when its name may be quoted; `where` says
 * where the record is (`line 7`, `row 7`).
 */
export function longFieldProblem(fields: Record<string, SourceValue>, where: string): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value.length <= MAX_FIELD_CHARS) continue;
    const field = isQuotableName(name) ? `the '${name}' field` : 'a field';
    return `${field} has ${count(value.length)} characters, over the ${count(MAX_FIELD_CHARS)} a field may have (${where})`;
  }
  return undefined;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
