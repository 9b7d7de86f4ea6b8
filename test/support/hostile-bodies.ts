import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations';
import { outOfRange, wrongType } from './schema-arbitraries';

/** Keys that reach `Object.prototype` when code merges or assigns objects carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Length of the huge strings: ten times the longest query the API takes. */
export const HUGE = 100_000;

/** An object whose own keys are `__proto__` and `constructor.prototype`, as `JSON.parse` makes them from a request. */
export function pollutingObject(): Record<string, unknown> {
  return JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');
}

/** A copy of `base` with `key` set as an own property, even `__proto__`. */
export function withField(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** One way a request body is wrong, the field it concerns, and the body itself. */
export interface BodyMutation {
  kind: 'wrong type' | 'missing' | 'extra key' | 'huge string' | 'out of range' | 'polluting object';
  /** The field whose problem the answer must name (`''`: the body itself, for an extra key). */
  field: string;
  /** The key added, for an extra key. */
  key?: string;
  body: Record<string, unknown>;
}

/**
 * Bodies a schema refuses, each made from a valid `base`: a field of the wrong
 * type, a required field missing, an unknown key (prototype keys among them), a
 * 100k-character string, a number out of range, an object with prototype keys.
 */
export function bodyMutations(schema: JsonSchema, base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<BodyMutation> {
  const properties = Object.entries(schema.properties ?? {});
  const required = schema.required ?? [];
  const unknownKey = fc.oneof(
    fc.constantFrom(...PROTOTYPE_KEYS, 'toString', 'hasOwnProperty', 'isAdmin'),
    fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }),
  ).filter((key) => !(schema.properties && Object.hasOwn(schema.properties, key)));
  const kinds: fc.Arbitrary<BodyMutation>[] = [
    fc.tuple(base, fc.constantFrom(...properties)).chain(([body, [field, fieldSchema]]) =>
      wrongType(fieldSchema).map((value) => ({ kind: 'wrong type' as const, field, body: withField(body, field, value) })),
    ),
    fc.tuple(base, unknownKey, fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(pollutingObject()))).map(([body, key, value]) => ({
      kind: 'extra key' as const,
      field: '',
      key,
      body: withField(body, key, value),
    })),
    fc.tuple(base, fc.constantFrom(...properties), fc.constantFrom('a', ' ', 'é', '日', '😀', '\u0000', '"')).map(([body, [field], unit]) => ({
      kind: 'huge string' as const,
      field,
      body: withField(body, field, unit.repeat(HUGE)),
    })),
    fc.tuple(base, fc.constantFrom(...properties)).map(([body, [field]]) => ({
      kind: 'polluting object' as const,
      field,
      body: withField(body, field, pollutingObject()),
    })),
  ];
  if (required.length > 0) {
    kinds.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([body, field]) => {
        const { [field]: _gone, ...rest } = body;
        return { kind: 'missing' as const, field, body: rest };
      }),
    );
  }
  const ranged = properties.flatMap(([field, s]) => {
    const arbitrary = outOfRange(s);
    return arbitrary ? [{ field, arbitrary }] : [];
  });
  if (ranged.length > 0) {
    kinds.push(
      fc.tuple(base, fc.constantFrom(...ranged)).chain(([body, { field, arbitrary }]) =>
        arbitrary.map((value) => ({ kind: 'out of range' as const, field, body: withField(body, field, value) })),
      ),
    );
  }
  return fc.oneof(...kinds);
}

