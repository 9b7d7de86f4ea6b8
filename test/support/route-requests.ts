import fc from 'fast-check';
import { fillPath, queryString, type Operation } from './openapi-operations';
import type { RawRequest } from './raw-http';
import { anyText } from './schema-arbitraries';

/** A request to `operation` from its parts, the body sent as JSON text. */
export function routeRequest(
  operation: Operation,
  parts: { params?: Record<string, string>; rawParams?: boolean; query?: Record<string, string | string[]>; body?: unknown },
): RawRequest {
  const path = fillPath(operation, parts.params ?? {}, parts.rawParams) + queryString(parts.query ?? {});
  if (parts.body === undefined) return { method: operation.method, path };
  return { method: operation.method, path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(parts.body) };
}

/** Percent-encodes every byte of `text` as UTF-8 except the unreserved characters (lone surrogates become U+FFFD, as in a browser). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/**
 * Path segments no route takes, ready to put in a URL: any text
 * percent-encoded, broken percent-encoding, dot segments, prototype keys, an
 * integer id, and a 3,000-character segment.
 */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  anyText(60, 1).map(percentEncode),
  fc.constantFrom('%', '%G1', '%E0%A4', '%00', '%2F', '%2e%2e', '..', '.', '__proto__', 'constructor', 'prototype', '%5B%5D', '9999999999999999999'),
  fc.constant('x'.repeat(3000)),
);

/** Query values a number or a name would choke on: words for numbers, infinities, hex, huge digits, JSON-looking text, any text. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  anyText(30),
  fc.constantFrom('', ' ', 'abc', 'NaN', 'Infinity', '-Infinity', '1e999', '-1', '0x10', '1.5', '9'.repeat(30), '[]', '{}', 'null', 'true'),
  fc.constant('q'.repeat(4000)),
);

/** Query keys that must not reach an object's prototype, and unknown ones. */
export const hostileQueryKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]', 'polluted'),
  fc.string({ minLength: 1, maxLength: 20 }),
);
