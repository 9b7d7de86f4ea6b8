import type { ColumnMapping } from '../sources/column-mapping';

/** Conditions on the stored review, all optional, all combined with AND. */
export interface ReviewFilter {
  /** Star rating (`overall`) at least this. */
  minRating?: number;
  maxRating?: number;
  /** `textLength` (characters) at least this. */
  minLength?: number;
  maxLength?: number;
  /** Only reviews of this group (the product: `asin`). */
  asin?: string;
  /** Written at or after this time (`unixReviewTime`, seconds since 1970). */
  dateFrom?: number;
  /** Written at or before this time (seconds since 1970). */
  dateTo?: number;
}

/** The payload fields filters use, and their Qdrant payload index: each build indexes those its mapping fills. */
export const FILTERED_FIELDS = {
  overall: 'float',
  textLength: 'integer',
  asin: 'keyword',
  unixReviewTime: 'integer',
} as const;

/** The filtered fields a build with this mapping fills (a build without a recorded mapping: all of them). */
export function filledFilterFields(mapping: Pick<ColumnMapping, 'rating' | 'group' | 'date'> | undefined): (keyof typeof FILTERED_FIELDS)[] {
  if (!mapping) return Object.keys(FILTERED_FIELDS) as (keyof typeof FILTERED_FIELDS)[];
  return [
    ...(mapping.rating !== null ? (['overall'] as const) : []),
    'textLength' as const,
    ...(mapping.group !== null ? (['asin'] as const) : []),
    ...(mapping.date !== null ? (['unixReviewTime'] as const) : []),
  ];
}
