import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import {
  InputError,
  literalAddress,
  refusedAddressMessage,
  refusedAddressRange,
  resolveSourceFile,
  sourceScheme,
  type Config,
} from '@review-search/shared';

export interface SourceCheckOptions {
  /** How host names are resolved (node's `dns.lookup` unless a test gives its own). */
  lookup?: LookupFunction;
}

/**
 * The API's early answer to an ingest source given over HTTP (the worker
 * checks again where it reads or connects): a file (a path or a file:// URL)
 * must lie inside SOURCES_DIR; a URL must be http(s) and every address its
 * host resolves to must be public, unless ALLOW_PRIVATE_SOURCES or
 * SOURCE_ALLOWED_NETWORKS allow it.
 */
export async function checkIngestSource(source: string, config: Config, options: SourceCheckOptions = {}): Promise<void> {
  const scheme = sourceScheme(source);
  if (scheme === undefined || scheme === 'file') {
    await resolveSourceFile(source, config.sources.dirs);
    return;
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new InputError(`source must be an http(s) URL or a file inside SOURCES_DIR, not a ${scheme}: URL`);
  }
  let host: string;
  try {
    host = new URL(source).hostname;
  } catch {
    throw new InputError('source is not a valid URL');
  }
  const rules = { allowPrivate: config.security.allowPrivateSources, allowedNetworks: config.sources.allowedNetworks };
  if (rules.allowPrivate) return;
  const addresses = await resolveAll(host, options.lookup ?? dns.lookup);
  for (const address of addresses) {
    const range = refusedAddressRange(address, rules);
    if (range) throw new InputError(refusedAddressMessage(host, range));
  }
}

/** A host name that takes longer than this to resolve is refused (the worker would not reach it either). */
const LOOKUP_TIMEOUT_MS = 5000;

async function resolveAll(host: string, lookup: LookupFunction): Promise<string[]> {
  const literal = literalAddress(host);
  if (literal) return [literal];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new InputError(`source host '${host}' cannot be resolved (no answer in ${LOOKUP_TIMEOUT_MS} ms)`)), LOOKUP_TIMEOUT_MS);
    lookup(host, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(new InputError(`source host '${host}' cannot be resolved`));
      else resolve((addresses as unknown as { address: string }[]).map((a) => a.address));
    });
  });
}
