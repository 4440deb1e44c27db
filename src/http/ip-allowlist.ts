import ipaddr from 'ipaddr.js';

export class AllowlistError extends Error {
  override name = 'AllowlistError';
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  // ::ffff:203.0.113.7 (an IPv4 client on a dual-stack socket) must match 203.0.113.7.
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/** Parses allowlist entries (single addresses or CIDR ranges, IPv4 or IPv6); throws on a bad entry. */
export function parseAllowlist(entries: readonly string[]): Range[] {
  return entries.map((entry) => {
    const text = entry.trim();
    try {
      if (text.includes('/')) {
        const [address, bits] = ipaddr.parseCIDR(text);
        return [
          normalise(address),
          address.kind() === 'ipv6' && normalise(address).kind() === 'ipv4' ? bits - 96 : bits,
        ];
      }
      const address = normalise(ipaddr.parse(text));
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    } catch {
      throw new AllowlistError(`"${entry}" is not an IP address or CIDR range`);
    }
  });
}

/** An empty list allows every address (argos.md §1.2). */
export function isAllowed(ip: string, ranges: readonly Range[]): boolean {
  if (ranges.length === 0) return true;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = normalise(ipaddr.parse(ip));
  } catch {
    return false;
  }
  return ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}
