import ipaddr from 'ipaddr.js';

/** Which addresses an ingest source given over HTTP may connect to. */
export interface SourceAddressRules {
  /** `ALLOW_PRIVATE_SOURCES`: any address (a trusted network). */
  allowPrivate: boolean;
  /** `SOURCE_ALLOWED_NETWORKS`: CIDRs allowed although they are not public. */
  allowedNetworks: readonly string[];
}

/**
 * The kind of address range that keeps an ingest source from `address`
 * (`loopback`, `private`, `linkLocal`, ...), or undefined when it may connect.
 * Only public unicast addresses may: private, loopback, link-local,
 * unique-local, CGNAT, reserved, multicast, unspecified and the IPv6 ranges
 * that embed or translate IPv4 (6to4, Teredo, NAT64) are refused, unless
 * ALLOW_PRIVATE_SOURCES is set or the address lies in SOURCE_ALLOWED_NETWORKS.
 * IPv4-mapped IPv6 addresses count as the IPv4 address they map.
 */
export function refusedAddressRange(address: string, rules: SourceAddressRules): string | undefined {
  if (rules.allowPrivate) return undefined;
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return rules.allowedNetworks.some((cidr) => inNetwork(parsed, cidr)) ? undefined : range;
}

function inNetwork(address: ipaddr.IPv4 | ipaddr.IPv6, cidr: string): boolean {
  const [network, bits] = ipaddr.parseCIDR(cidr);
  if (network.kind() !== address.kind()) return false;
  return (address as ipaddr.IPv4).match(network as ipaddr.IPv4, bits);
}

/** A URL's host as an address when it is one (`[::1]` is `::1`), else undefined. */
export function literalAddress(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(host) ? host : undefined;
}

/** The message of a refused address: names the kind of range and the settings, never the address. */
export function refusedAddressMessage(host: string, range: string): string {
  return (
    `source host '${host}' resolves to a ${range} address: ingest sources must be public ` +
    '(set SOURCE_ALLOWED_NETWORKS to allow given networks, or ALLOW_PRIVATE_SOURCES=true to allow all)'
  );
}
