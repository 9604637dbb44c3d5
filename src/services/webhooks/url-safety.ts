import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Loopback, private, link-local (cloud metadata lives at 169.254.169.254), CGNAT, benchmark,
// multicast and reserved ranges: a webhook must not become a way into the server's network.
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why `raw` may not be a webhook URL, or null when it may. Host names are resolved and refused
 * when any address is private, unless `allowPrivate` (DROPLINE_WEBHOOKS_ALLOW_PRIVATE).
 */
export async function webhookUrlProblem(raw: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not a valid URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must use https (or http)';
  // Credentials in a URL end up in logs and error messages; Bringg's auth header carries them instead.
  if (url.username || url.password) return 'The URL must not contain credentials';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refused = 'The URL points at a loopback, link-local or private address; set DROPLINE_WEBHOOKS_ALLOW_PRIVATE=true to allow it';
  if (host === 'localhost' || host.endsWith('.localhost')) return refused;
  if (isIP(host)) return isPrivateAddress(host) ? refused : null;
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    return addresses.some((a) => isPrivateAddress(a.address)) ? refused : null;
  } catch {
    return `The host ${host} could not be resolved`;
  }
}
