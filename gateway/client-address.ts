/**
 * The address a request comes from, for the per-address rate limit of anonymous callers (issue 12).
 * Deny by default: the address is the TCP peer's, and X-Forwarded-For is ignored, because anyone can
 * write that header. Only when the peer is one of TRUSTED_PROXIES (the city's load balancer or CDN,
 * as addresses or CIDR ranges) is the header read, from the right: each hop a trusted proxy added is
 * skipped, and the first address not on the list is the client. An IPv6 client counts by its /64,
 * the block one household or phone gets, so that walking through its addresses changes nothing.
 */
import net from 'node:net';

export type ClientAddress = (peer: string | undefined, forwardedFor: string | undefined) => string;

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function plain(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed;
}

/** The first four groups of an IPv6 address, written out (`2001:db8:0:1`). */
function ipv6Block64(address: string): string {
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The rate-limit key of an address: itself for IPv4, its /64 for IPv6. */
export function addressKey(address: string): string {
  return net.isIPv6(address) && !address.includes('.') ? ipv6Block64(address) : address;
}

/** `trustedProxies`: addresses or CIDR ranges (`10.0.0.0/8`, `fd00::/8`), already validated by the configuration. */
export function clientAddress(trustedProxies: readonly string[]): ClientAddress {
  const trusted = new net.BlockList();
  for (const entry of trustedProxies) {
    const [address, prefix] = entry.split('/');
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(prefix), family);
  }
  const isTrusted = (address: string) => {
    const family = net.isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };

  return (peer, forwardedFor) => {
    let client = plain(peer ?? '');
    if (trustedProxies.length === 0 || !forwardedFor) return addressKey(client);
    const hops = forwardedFor.split(',').map(plain).filter(Boolean);
    while (isTrusted(client) && hops.length > 0) {
      const next = hops.pop()!;
      // A hop that is not an address (a proxy's "unknown") ends the walk at the last trusted proxy.
      if (net.isIP(next) === 0) break;
      client = next;
    }
    return addressKey(client);
  };
}
