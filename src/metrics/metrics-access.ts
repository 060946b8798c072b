import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Who may read /metrics: a caller from one of the configured addresses or ranges (`loopback` is
 * 127.0.0.0/8 and ::1), or anyone presenting the token. The address is the client's as Express
 * sees it, so behind a trusted load balancer (TRUST_PROXY) it is the forwarded one, never the
 * balancer's own.
 */
export class MetricsAccess {
  private readonly allowed = new BlockList();
  private readonly tokenDigest: Buffer | undefined;

  constructor(addresses: readonly string[], token: string | undefined) {
    for (const entry of addresses) {
      if (entry === 'loopback') {
        this.allowed.addSubnet('127.0.0.0', 8, 'ipv4');
        this.allowed.addAddress('::1', 'ipv6');
        continue;
      }
      const [address = '', prefix] = entry.split('/');
      const type = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.allowed.addAddress(address, type);
      else this.allowed.addSubnet(address, Number(prefix), type);
    }
    this.tokenDigest = token === undefined ? undefined : digest(token);
  }

  permits(address: string | undefined, authorization: string | undefined): boolean {
    return this.tokenMatches(authorization) || this.addressAllowed(address);
  }

  private addressAllowed(address: string | undefined): boolean {
    if (!address) return false;
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
    const plain = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
    if (isIPv4(plain)) return this.allowed.check(plain, 'ipv4');
    return isIPv6(plain) && this.allowed.check(plain, 'ipv6');
  }

  private tokenMatches(authorization: string | undefined): boolean {
    const presented = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
    if (!this.tokenDigest || !presented) return false;
    return timingSafeEqual(digest(presented), this.tokenDigest);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
