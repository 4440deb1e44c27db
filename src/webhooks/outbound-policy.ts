import ipaddr from 'ipaddr.js';

// Which destinations a webhook or callback may reach. Callback URLs come from API callers, so without this a
// caller could make the server probe its own network (SSRF): private, loopback, link-local, metadata and other
// non-public addresses are refused unless the operator allows them.

export interface OutboundPolicy {
  /** OPENKYC_CALLBACK_ALLOW_PRIVATE: development and tests. */
  readonly allowPrivate: boolean;
  /** Hosts, IPs or CIDRs that may be reached even though they are not public. */
  readonly allowlist: readonly string[];
}

export class OutboundError extends Error {
  override name = 'OutboundError';
}

function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/** Public unicast only: every special-purpose range (RFC 6890 and friends) is refused. */
export function isPublicAddress(ip: string): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = normalise(ipaddr.parse(ip));
  } catch {
    return false;
  }
  return address.range() === 'unicast';
}

function allowlisted(policy: OutboundPolicy, host: string, ip?: string): boolean {
  const lowerHost = host.toLowerCase().replace(/^\[|\]$/g, '');
  return policy.allowlist.some((entry) => {
    const item = entry.trim().toLowerCase();
    if (item === lowerHost) return true;
    if (!ip) return false;
    try {
      const address = normalise(ipaddr.parse(ip));
      if (item.includes('/')) {
        const [network, bits] = ipaddr.parseCIDR(item);
        return network.kind() === address.kind() && address.match(network, bits);
      }
      return ipaddr.isValid(item) && normalise(ipaddr.parse(item)).toString() === address.toString();
    } catch {
      return false;
    }
  });
}

/** The parsed URL if its form is acceptable: absolute http(s), no credentials; throws OutboundError. */
export function checkCallbackUrl(text: string, options: { requireHttps?: boolean } = {}): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundError('not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundError('only http and https URLs');
  if (options.requireHttps && url.protocol !== 'https:') throw new OutboundError('https is required');
  if (url.username || url.password) throw new OutboundError('credentials in the URL are not allowed');
  return url;
}

/** Throws unless `ip` (the address about to be connected) is allowed for `host` under the policy. */
export function checkDestinationAddress(policy: OutboundPolicy, host: string, ip: string): void {
  if (policy.allowPrivate || isPublicAddress(ip) || allowlisted(policy, host, ip)) return;
  throw new OutboundError(`destination ${ip} is not a public address`);
}
