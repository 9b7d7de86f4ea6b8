import { z } from 'zod';
import type { ColumnMapping } from '../sources/column-mapping';
import { SOURCE_FORMATS, type SourceFormat, type SourceValue } from '../sources/source-records';

/** The key of a build's schema in its collection's metadata. */
export const SCHEMA_KEY = 'schema';

export const FIELD_TYPES = ['string', 'number', 'boolean', 'list', 'object', 'mixed', 'empty'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A payload field as the build's reviews hold it: its type (`empty`: always null), and a number's range. */
export interface FieldSummary {
  type: FieldType;
  min?: number;
  max?: number;
}

/**
 * What a build was made from: the source's format, the mapping of its columns
 * (resolved against them) and the payload fields its reviews hold. Stored with
 * the build, so filters, the page and an upsert read the build as it was made.
 */
export interface BuildSchema {
  format: SourceFormat;
  /** A CSV's delimiter. */
  delimiter?: string;
  mapping: ColumnMapping;
  fields: Record<string, FieldSummary>;
}

const name = z.string();
/** A build schema as stored (and as `GET /collections` shows it). */
export const buildSchemaShape = z.object({
  format: z.enum(SOURCE_FORMATS),
  delimiter: z.string().optional(),
  mapping: z.object({
    text: z.array(name),
    title: name.nullable(),
    rating: name.nullable(),
    group: name.nullable(),
    id: z.array(name),
    date: name.nullable(),
    keep: z.array(name),
  }),
  fields: z.record(name, z.object({ type: z.enum(FIELD_TYPES), min: z.number().optional(), max: z.number().optional() })),
});

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
