import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from './load-config.js';

describe('metrics configuration', () => {
  it('opens /metrics to loopback only unless told, with no token and no separate port', () => {
    expect(loadConfig({}).metrics).toEqual({ allowedAddresses: ['loopback'], token: undefined, port: undefined });
  });

  it('takes addresses, ranges, a token and a port', () => {
    const metrics = loadConfig({
      METRICS_ALLOWED_ADDRESSES: 'loopback, 10.0.0.0/8 ,fd00::/8',
      METRICS_TOKEN: 'x'.repeat(32),
      METRICS_PORT: '9464',
    }).metrics;
    expect(metrics).toEqual({
      allowedAddresses: ['loopback', '10.0.0.0/8', 'fd00::/8'],
      token: 'x'.repeat(32),
      port: 9464,
    });
  });

  it('refuses what is not an address or range, and a short token, without echoing the token', () => {
    for (const bad of ['everyone', '10.0.0.0/33', '1.2', '10.0.0.1/8/8', '::1/129']) {
      expect(() => loadConfig({ METRICS_ALLOWED_ADDRESSES: bad })).toThrow(ConfigValidationError);
    }
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });
});
