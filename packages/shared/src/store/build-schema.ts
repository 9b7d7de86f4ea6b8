import { z } from 'zod';
import { columnMappingSchema } from '../sources/column-mapping';
import { SOURCE_FORMATS, type SourceValue } from '../sources/source-records';

/** The key of a build's schema in its collection's metadata. */
export const SCHEMA_KEY = 'schema';

export const FIELD_TYPES = ['string', 'number', 'boolean', 'list', 'object', 'mixed', 'empty'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const fieldSummarySchema = z
  .object({ type: z.enum(FIELD_TYPES), min: z.number().optional(), max: z.number().optional() })
  .describe("A payload field as the build's reviews hold it: its type (`empty`: always null), and a number's range.");
export type FieldSummary = z.output<typeof fieldSummarySchema>;

/**
 * What a build was made from: the source's format, the mapping of its columns
 * (resolved against them) and the payload fields its reviews hold. Stored with
 * the build, so filters, the page and an upsert read the build as it was made;
 * read back with this schema, and shown by `GET /collections`.
 */
export const buildSchemaShape = z.object({
  format: z.enum(SOURCE_FORMATS),
  delimiter: z.string().optional().describe("A CSV's delimiter."),
  mapping: columnMappingSchema,
  fields: z.record(z.string(), fieldSummarySchema),
});
export type BuildSchema = z.output<typeof buildSchemaShape>;

export function readBuildSchema(metadata: unknown): BuildSchema | undefined {
  const parsed = buildSchemaShape.safeParse((metadata as Record<string, unknown> | null | undefined)?.[SCHEMA_KEY]);
  return parsed.success ? parsed.data : undefined;
}

/** Field types (and number ranges) of the reviews seen, field by field. */
export class FieldTypes {
  private readonly fields = new Map<string, FieldSummary>();

  observe(payload: Record<string, SourceValue>): void {
    for (const [field, value] of Object.entries(payload)) {
      const held = this.fields.get(field) ?? { type: 'empty' };
      const type = typeOf(value);
      if (type !== 'empty') held.type = held.type === 'empty' || held.type === type ? type : 'mixed';
      if (typeof value === 'number') {
        held.min = Math.min(held.min ?? value, value);
        held.max = Math.max(held.max ?? value, value);
      }
      this.fields.set(field, held);
    }
  }

  summary(): Record<string, FieldSummary> {
    return Object.fromEntries(
      [...this.fields].map(([field, held]) => [field, held.type === 'number' ? held : { type: held.type }]),
    );
  }
}

function typeOf(value: SourceValue): FieldType {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value as 'string' | 'number' | 'boolean';
}
