import { BlockList, isIP } from 'node:net';

/**
 * Where an outbound call (webhooks, the notification provider, provisioning)
 * may never go: loopback, private (RFC 1918, fc00::/7), link-local
 * (169.254/16, fe80::/10, the cloud metadata address among them), CGNAT
 * (100.64/10), unspecified, multicast and broadcast, and IPv4-mapped IPv6
 * forms of any address (refused outright rather than decoded).
 */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is one outbound calls must not reach. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // BlockList matches IPv4 addresses against IPv6 rules as mapped addresses: a ::ffff:0:0/96 rule would refuse every IPv4.
  if (family === 6 && /^::ffff:/i.test(address)) return true;
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a URL may not be saved as an outbound target, or null: an IP literal
 * of a forbidden range, or a name that is local by definition. Other names
 * are resolved and checked again at every send, on the address connected to.
 */
export function outboundUrlRefusal(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https URLs are allowed';
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine`;
  if (isIP(host) && isForbiddenAddress(host)) return `${host} is a loopback, private, link-local or reserved address`;
  return null;
}
