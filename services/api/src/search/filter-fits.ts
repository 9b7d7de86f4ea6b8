import { InputError, type BuildSchema, type ReviewFilter } from '@review-search/shared';

/**
 * Refuses a filter on a role the build's source had no column for (a rating
 * filter on reviews without ratings would match nothing, silently). A build
 * made before schemas were kept has the corpus's columns: every filter fits.
 */
export function assertFilterFits(filter: ReviewFilter, schema: BuildSchema | undefined, name: string): void {
  if (!schema) return;
  const { mapping } = schema;
  const missing = (role: string, filters: string) =>
    new InputError(`${filters} cannot apply: the reviews of '${name}' have no ${role} (its source was ingested without a ${role} column: mapping.${role})`);
  if (mapping.rating === null && (filter.minRating !== undefined || filter.maxRating !== undefined)) throw missing('rating', 'minRating/maxRating');
  if (mapping.group === null && filter.asin !== undefined) throw missing('group', 'group');
  if (mapping.date === null && (filter.dateFrom !== undefined || filter.dateTo !== undefined)) throw missing('date', 'dateFrom/dateTo');
}
