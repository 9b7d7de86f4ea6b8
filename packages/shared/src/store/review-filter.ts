/** Conditions on the stored review, all optional, all combined with AND. */
export interface ReviewFilter {
  /** Star rating (`overall`) at least this. */
  minRating?: number;
  maxRating?: number;
  /** `textLength` (characters) at least this. */
  minLength?: number;
  maxLength?: number;
  /** Only reviews of this product. */
  asin?: string;
}

/** The payload fields filters use; each gets a Qdrant payload index. */
export const FILTERED_FIELDS = {
  overall: 'float',
  textLength: 'integer',
  asin: 'keyword',
} as const;
