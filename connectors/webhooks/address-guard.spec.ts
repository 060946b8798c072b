import { describe, expect, it } from '@jest/globals';
import { AllowList, embeddedIPv4, isForbiddenAddress } from './address-guard.js';

describe('the outgoing webhook address guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a9fe:a9fe',
    '2002:a00:1::1',
    'ff02::1',
  ])('refuses %s', (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each(['8.8.8.8', '211.234.10.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('lets %s through', (address) =>
    expect(isForbiddenAddress(address)).toBe(false),
  );

  it('finds the IPv4 address inside mapped, NAT64 and 6to4 addresses', () => {
    expect(embeddedIPv4('::ffff:169.254.169.254')).toBe('169.254.169.254');
    expect(embeddedIPv4('64:ff9b::7f00:1')).toBe('127.0.0.1');
    expect(embeddedIPv4('2002:c0a8:101::1')).toBe('192.168.1.1');
    expect(embeddedIPv4('2001:db8::1')).toBeNull();
  });

  it('allows names, addresses and ranges the allow-list names, and nothing else', () => {
    const allow = new AllowList(['hooks.internal', '127.0.0.1', '10.20.0.0/16', '[fd00::1]']);
    expect(allow.allowsName('HOOKS.internal')).toBe(true);
    expect(allow.allowsName('other.internal')).toBe(false);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('10.20.5.5')).toBe(true);
    expect(allow.allowsAddress('10.21.5.5')).toBe(false);
    expect(allow.allowsAddress('fd00::1')).toBe(true);
    expect(new AllowList([]).allowsAddress('127.0.0.1')).toBe(false);
  });
});
