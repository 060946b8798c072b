import { describe, expect, it } from '@jest/globals';
import { MetricsAccess } from './metrics-access.js';

describe('MetricsAccess', () => {
  it('lets loopback in by its IPv4, IPv6 and IPv4-mapped forms', () => {
    const access = new MetricsAccess(['loopback'], undefined);
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(access.permits(address, undefined)).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', 'fd00::1', undefined, 'not-an-ip'])
      expect(access.permits(address, undefined)).toBe(false);
  });

  it('takes addresses and CIDR ranges of both families', () => {
    const access = new MetricsAccess(['10.1.0.0/16', '192.168.3.4', 'fd00::/8'], undefined);
    expect(access.permits('10.1.200.3', undefined)).toBe(true);
    expect(access.permits('10.2.0.1', undefined)).toBe(false);
    expect(access.permits('192.168.3.4', undefined)).toBe(true);
    expect(access.permits('192.168.3.5', undefined)).toBe(false);
    expect(access.permits('fd12::7', undefined)).toBe(true);
    expect(access.permits('127.0.0.1', undefined)).toBe(false);
  });

  it('opens to the bearer token from anywhere, and to nothing else', () => {
    const token = 'a'.repeat(40);
    const access = new MetricsAccess([], token);
    expect(access.permits('203.0.113.9', `Bearer ${token}`)).toBe(true);
    expect(access.permits('203.0.113.9', `bearer ${token}`)).toBe(true);
    expect(access.permits('203.0.113.9', `Bearer ${token}b`)).toBe(false);
    expect(access.permits('203.0.113.9', token)).toBe(false);
    expect(new MetricsAccess([], undefined).permits('203.0.113.9', 'Bearer ')).toBe(false);
  });
});
