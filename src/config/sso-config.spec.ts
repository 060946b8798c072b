import { describe, expect, it } from '@jest/globals';
import { redactRequestUrl } from '../app.module.js';
import { ConfigValidationError, loadConfig } from './load-config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
};

describe('single sign-on config', () => {
  it('is off without an issuer, and password sign-in is on', () => {
    const config = loadConfig({});
    expect(config.sso).toBeUndefined();
    expect(config.auth.passwordLoginEnabled).toBe(true);
  });

  it('derives its addresses from PUBLIC_URL and defaults to preferred_username against the sign-in name', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://ieum.go.kr/',
      OIDC_ISSUER: 'https://sso.go.kr/realms/gov',
      OIDC_CLIENT_ID: 'ieum',
      OIDC_CLIENT_SECRET: 's3cret',
      PASSWORD_LOGIN_ENABLED: 'false',
    });
    expect(config.sso).toEqual({
      issuer: 'https://sso.go.kr/realms/gov',
      clientId: 'ieum',
      clientSecret: 's3cret',
      redirectUri: 'https://ieum.go.kr/auth/sso/callback',
      postLogoutRedirectUri: 'https://ieum.go.kr/login',
      scopes: 'openid profile email',
      userClaim: 'preferred_username',
      userField: 'login',
      jitDepartmentId: undefined,
    });
    expect(config.auth.passwordLoginEnabled).toBe(false);
  });

  it('needs the client with the issuer, https (or loopback http), a known user column and a department id, and never echoes the secret', () => {
    const problems = problemsOf({
      OIDC_ISSUER: 'http://sso.example.org',
      OIDC_USER_FIELD: 'phone',
      OIDC_JIT_DEPARTMENT_ID: 'sales',
      PASSWORD_LOGIN_ENABLED: 'maybe',
    });
    expect(problems.map((p) => p.key).sort()).toEqual([
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_ISSUER',
      'OIDC_JIT_DEPARTMENT_ID',
      'OIDC_USER_FIELD',
      'PASSWORD_LOGIN_ENABLED',
    ]);
    expect(
      problemsOf({ OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'ieum', OIDC_CLIENT_SECRET: 'x' }),
    ).toEqual([]);
    const bad = problemsOf({
      OIDC_ISSUER: 'https://sso.go.kr',
      OIDC_CLIENT_ID: 'ieum',
      OIDC_CLIENT_SECRET: '',
      OIDC_SCOPES: 'profile',
    });
    expect(bad.map((p) => p.key).sort()).toEqual(['OIDC_CLIENT_SECRET', 'OIDC_SCOPES']);
  });

  it("keeps the callback's code and state out of request logs", () => {
    expect(redactRequestUrl('/auth/sso/callback?code=abc&state=xyz', { code: 'abc', state: 'xyz' })).toEqual({
      url: '/auth/sso/callback?[redacted]',
      query: undefined,
    });
    expect(redactRequestUrl('/rooms?limit=5', { limit: '5' })).toEqual({
      url: '/rooms?limit=5',
      query: { limit: '5' },
    });
  });
});
