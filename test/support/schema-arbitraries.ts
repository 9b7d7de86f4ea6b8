import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations';

/** Arbitraries that replace the schema's own for fields of these names (at any depth): real ids, cheap model settings. */
export type FieldOverrides = Record<string, fc.Arbitrary<unknown>>;

/** Longest string made for a field without a tighter bound (a field's own maximum is tried separately). */
const TYPICAL_LENGTH = 200;

/** Text of any sort: printable, any Unicode (lone surrogates too), control characters, JSON-looking. */
export const anyText = (maxLength = TYPICAL_LENGTH, minLength = 0) =>
  fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ minLength, maxLength, unit: 'binary' }),
    fc.string({ minLength, maxLength, unit: fc.constantFrom(' ', '\t', '\n', '\u0000', '"', '\\', '%', '{', '日', '😀', '\u202e') }),
  );

export interface ValidOptions {
  /** Also try strings at their maximum length (costly for texts that get embedded). Default: yes. */
  longest?: boolean;
}

/**
 * Values a JSON schema accepts, unusual ones included (bounds, empty
 * optionals, odd Unicode); strings stay short unless at their maximum. Fields
 * named in `overrides` take the override instead.
 */
export function validValue(schema: JsonSchema, overrides: FieldOverrides = {}, options: ValidOptions = {}): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validValue(s, overrides, options)));
  switch (schema.type) {
    case 'string': {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? TYPICAL_LENGTH;
      const typical = anyText(Math.min(max, TYPICAL_LENGTH), min);
      return options.longest === false ? typical : fc.oneof({ arbitrary: typical, weight: 9 }, { arbitrary: fc.constant('r '.repeat(max).slice(0, max)), weight: 1 });
    }
    case 'integer': {
      const min = schema.minimum ?? Number.MIN_SAFE_INTEGER;
      const max = Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number':
      return fc.double({
        min: schema.exclusiveMinimum ?? schema.minimum ?? -Number.MAX_VALUE,
        minExcluded: schema.exclusiveMinimum !== undefined,
        max: schema.maximum ?? Number.MAX_VALUE,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(schema.items ?? {}, overrides, options), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object':
      return validObject(schema, overrides, options);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** An object with its required fields and any of its optional ones, each valid. */
export function validObject(schema: JsonSchema, overrides: FieldOverrides = {}, options: ValidOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const fields = Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, overrides[name] ?? validValue(s, overrides, options)]));
  return fc.record(fields, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
}

/** The JSON types a schema allows. */
export function jsonTypes(schema: JsonSchema): Set<string> {
  if (schema.anyOf) return new Set(schema.anyOf.flatMap((s) => [...jsonTypes(s)]));
  if (schema.enum) return new Set(schema.enum.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)));
  if (schema.type === 'integer') return new Set(['number']);
  return new Set(schema.type ? [schema.type] : ['string', 'number', 'boolean', 'null', 'array', 'object']);
}

/** A JSON value of a type the schema does not allow (a number given as a string, an object for a string, ...). */
export function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = jsonTypes(schema);
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(anyText(20), fc.constantFrom('5', '1e3', 'true', 'null', '[]', '{}')),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  };
  return fc.oneof(...Object.entries(byType).filter(([type]) => !allowed.has(type)).map(([, arbitrary]) => arbitrary));
}

/** Numbers outside a numeric schema's range, fractions for integers, lists of the wrong size or with bad items; undefined when none exist. */
export function outOfRange(schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.type === 'integer' || schema.type === 'number') {
    const low = schema.exclusiveMinimum ?? schema.minimum;
    if (schema.exclusiveMinimum !== undefined) options.push(fc.constant(schema.exclusiveMinimum));
    if (low !== undefined) options.push(fc.double({ max: low, maxExcluded: true, noNaN: true, noDefaultInfinity: true }), fc.constant(-1e308));
    if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) {
      options.push(fc.double({ min: schema.maximum, minExcluded: true, noNaN: true, noDefaultInfinity: true }), fc.constant(1e308));
    }
    if (schema.type === 'integer') {
      options.push(fc.constantFrom(0.5, 1.000001, 2 ** 53, 2 ** 64, -(2 ** 63)));
    }
  }
  if (schema.type === 'array') {
    if ((schema.minItems ?? 0) > 0) options.push(fc.constant([]));
    if (schema.maxItems !== undefined) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => validSample(schema.items ?? {}))));
    if (schema.items) options.push(wrongType(schema.items).map((item) => [item]));
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** One fixed valid value of a schema (for padding lists). */
function validSample(schema: JsonSchema): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  return schema.enum?.[0] ?? 'x';
}
