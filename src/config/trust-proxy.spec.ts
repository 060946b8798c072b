import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from './load-config.js';

describe('TRUST_PROXY', () => {
  it('believes only a proxy on this machine unless told', () => {
    expect(loadConfig({}).http.trustProxy).toBe('loopback');
  });

  it('takes a hop count or the load balancers’ addresses and ranges', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).http.trustProxy).toBe(
      'loopback, 10.0.0.0/8, fd00::/8',
    );
  });

  it('refuses what express would misread', () => {
    for (const bad of ['everyone', '10.0.0.0/8; rm', 'true']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(ConfigValidationError);
    }
  });
});
