import { BlockList, isIP, isIPv4 } from 'node:net';

/**
 * Addresses an outgoing webhook may never reach unless the allow-list names them: the machine
 * itself, private and shared networks, link-local (which holds the clouds' metadata service,
 * 169.254.169.254), unique-local, multicast and the ranges reserved for documentation or nothing.
 */
const FORBIDDEN_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const FORBIDDEN_V6: ReadonlyArray<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  // IPv4-compatible (deprecated), Teredo, the discard prefix and documentation.
  ['::', 96],
  ['2001::', 32],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const forbidden = new BlockList();
for (const [network, prefix] of FORBIDDEN_V4) forbidden.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of FORBIDDEN_V6) forbidden.addSubnet(network, prefix, 'ipv6');

/** The sixteen bytes of an IPv6 address (with `::` and a trailing dotted quad), or null. */
export function ipv6Bytes(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.split('%')[0] ?? '';
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad) {
    const [a = 0, b = 0, c = 0, d = 0] = quad.split('.').map(Number);
    text = `${text.slice(0, -quad.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
export function embeddedIPv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12, 16).join('.');
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return b.slice(12, 16).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return null;
}

/** Whether an address is one an outgoing webhook must not reach (before the allow-list). */
export function isForbiddenAddress(address: string): boolean {
  if (isIPv4(address)) return forbidden.check(address, 'ipv4');
  if (isIP(address) !== 6) return true;
  const inner = embeddedIPv4(address);
  if (inner !== null) return forbidden.check(inner, 'ipv4');
  return forbidden.check(address.split('%')[0] ?? address, 'ipv6');
}

/**
 * WEBHOOK_ALLOWED_HOSTS: host names (matched exactly, case-insensitively: every address they
 * resolve to is allowed), IP addresses and CIDR ranges, comma-separated.
 */
export class AllowList {
  private readonly names = new Set<string>();
  private readonly addresses = new BlockList();
  private empty = true;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1');
      if (entry === '') continue;
      this.empty = false;
      const [network = '', prefix] = entry.split('/');
      const family = isIP(network);
      if (family === 0) this.names.add(entry);
      else if (prefix === undefined) this.addresses.addAddress(network, family === 4 ? 'ipv4' : 'ipv6');
      else this.addresses.addSubnet(network, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  allowsName(host: string): boolean {
    return this.names.has(host.toLowerCase());
  }

  allowsAddress(address: string): boolean {
    if (this.empty) return false;
    const inner = isIP(address) === 6 ? embeddedIPv4(address) : null;
    if (inner !== null && this.addresses.check(inner, 'ipv4')) return true;
    return this.addresses.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }
}
