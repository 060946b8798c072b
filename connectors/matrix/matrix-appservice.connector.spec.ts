import { describe, expect, it } from '@jest/globals';
import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { MatrixAppServiceConnector, MatrixCredentials, classify } from './matrix-appservice.connector.js';

const credentials = new MatrixCredentials({
  homeserverUrl: 'https://matrix.example.org/',
  serverName: 'Example.org',
  asToken: 'a'.repeat(40),
  hsToken: 'h'.repeat(40),
  userPrefix: 'ieum_',
});

describe('MatrixAppServiceConnector', () => {
  it('sorts failures into what time fixes and what it does not, keeping retry_after_ms', () => {
    expect(
      classify(new MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'slow down', retry_after_ms: 1500 }, 429)),
    ).toMatchObject({ kind: 'rate-limited', errcode: 'M_LIMIT_EXCEEDED', retryAfterMs: 1500 });
    expect(classify(new MatrixError({ errcode: 'M_UNKNOWN', error: 'bad gateway' }, 502))).toMatchObject({
      kind: 'unavailable',
    });
    expect(classify(new MatrixError({ errcode: 'M_FORBIDDEN', error: 'not in room' }, 403))).toMatchObject({
      kind: 'refused',
      errcode: 'M_FORBIDDEN',
    });
    expect(classify(new ConnectionError('fetch failed'))).toMatchObject({ kind: 'unavailable' });
  });

  it('knows its own users (puppets and the bridge) from everyone else', () => {
    const connector = new MatrixAppServiceConnector(credentials);
    expect(connector.botUserId).toBe('@ieum_bridge:example.org');
    expect(connector.puppetUserId('3F2A-uuid')).toBe('@ieum_3f2a-uuid:example.org');
    expect(connector.isOwnUser('@ieum_3f2a-uuid:example.org')).toBe(true);
    expect(connector.isOwnUser('@ieum_bridge:example.org')).toBe(true);
    expect(connector.isOwnUser('@alice:example.org')).toBe(false);
    expect(connector.isOwnUser('@ieum_x:evil.org')).toBe(false);
  });

  it('checks its settings, compares the hs_token in constant time, and never shows a token', () => {
    expect(credentials.isHomeserverToken('h'.repeat(40))).toBe(true);
    expect(credentials.isHomeserverToken('h'.repeat(39))).toBe(false);
    expect(JSON.stringify(credentials)).not.toMatch(/aaaa|hhhh/);
    expect(
      () =>
        new MatrixCredentials({
          homeserverUrl: 'https://m.example.org',
          serverName: 'example.org',
          asToken: 'short',
          hsToken: 'h'.repeat(40),
          userPrefix: 'ieum_',
        }),
    ).toThrow(/32 characters/);
  });
});
