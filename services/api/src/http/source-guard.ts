import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { InputError } from '@review-search/shared';

/** Address ranges an ingest may not fetch from unless ALLOW_PRIVATE_SOURCES=true. */
const BLOCKED = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'unspecified', 'carrierGradeNat', 'reserved', 'broadcast', 'multicast']);

/**
 * Checks an ingest source given to the API: a URL must be http(s) and every
 * address its host resolves to must be public (no private, loopback or
 * link-local targets: the service must not be a way into its own network).
 * A plain path is a file on the ingest workers' machines.
 */
export async function checkIngestSource(source: string, allowPrivate: boolean): Promise<void> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]?.toLowerCase();
  if (scheme === undefined || source.startsWith('/') || source.startsWith('.')) return;
  if (scheme !== 'http' && scheme !== 'https') {
    throw new InputError(`source must be an http(s) URL or a file path, not a ${scheme}: URL`);
  }
  if (allowPrivate) return;
  let host: string;
  try {
    host = new URL(source).hostname.replace(/^\[|\]$/g, '');
  } catch {
    throw new InputError(`source is not a valid URL: ${source}`);
  }
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new InputError(`source host '${host}' cannot be resolved`);
  }
  for (const address of addresses) {
    const parsed = ipaddr.process(address);
    const range = parsed.range();
    if (BLOCKED.has(range)) {
      throw new InputError(
        `source host '${host}' resolves to ${address}, a ${range} address: ingest sources must be public ` +
          '(set ALLOW_PRIVATE_SOURCES=true to allow private networks)',
        { host, address, range },
      );
    }
  }
}
