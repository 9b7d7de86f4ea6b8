import dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { refusedAddressMessage, refusedAddressRange, type SourceAddressRules } from './source-address';
import { SourceRefusedError } from './source-error';

/** Time to open a connection to a source's host. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * An undici dispatcher whose connections are opened only to addresses the
 * rules allow: the host is resolved where the connection is made, and a host
 * with any refused address fails with `SourceRefusedError`, so a name that
 * resolved to a public address when the API checked it and to a private one
 * now (DNS rebinding) is refused. Hosts given as addresses are not resolved:
 * `checkLiteralHost` checks those before each request.
 */
export function sourceAgent(rules: SourceAddressRules, lookup: LookupFunction = dns.lookup): Agent {
  const guarded: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, found) => {
      const addresses = found as unknown as LookupAddress[];
      if (error || addresses.length === 0) return callback(error ?? new Error(`${hostname} has no address`), '', 4);
      const refused = addresses.map((a) => refusedAddressRange(a.address, rules)).find(Boolean);
      if (refused) return callback(new SourceRefusedError(refusedAddressMessage(hostname, refused)), '', 4);
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return new Agent({ connect: { lookup: guarded, timeout: CONNECT_TIMEOUT_MS } });
}
