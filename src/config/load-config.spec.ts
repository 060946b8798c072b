import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('needs nothing for a first run', () => {
    const config = loadConfig({});
    expect([...config.roles].sort()).toEqual(['api', 'smtp', 'worker']);
    expect(config.database.url).toBeUndefined();
    expect(config.http.port).toBe(3000);
    expect(config.seedDemo).toBe(true);
  });

  it('reads typed values and roles', () => {
    const config = loadConfig({
      PORT: '8080',
      IEUM_ROLES: 'worker',
      SEED_DEMO: 'false',
      PUBLIC_URL: 'https://ieum.go.kr/',
    });
    expect(config.http.port).toBe(8080);
    expect([...config.roles]).toEqual(['worker']);
    expect(config.seedDemo).toBe(false);
    expect(config.http.publicUrl).toBe('https://ieum.go.kr');
  });

  it('lists every bad key at once and never echoes a secret', () => {
    const secret = 'postgres-but-not-a-url-hunter2';
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        IEUM_ROLES: 'api,mailer',
        DATABASE_URL: secret,
        JWT_SECRET: 'short',
        JITSI_DOMAIN: 'meet.example.org',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.map((p) => p.key).sort();
    expect(problems).toEqual(['DATABASE_URL', 'IEUM_ROLES', 'JITSI_APP_ID', 'JITSI_APP_SECRET', 'JWT_SECRET', 'PORT']);
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toContain('short');
  });

  it('logs JSON lines unless stdout is a terminal, where it logs readable lines; LOG_FORMAT decides either way', () => {
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });

  it('sends no citizen to the public meet.jit.si unless JITSI_PUBLIC_ALLOWED_FOR_CITIZENS says so in so many words', () => {
    expect(loadConfig({}).jitsi).toMatchObject({ domain: undefined, publicAllowedForCitizens: false });
    expect(loadConfig({ JITSI_PUBLIC_ALLOWED_FOR_CITIZENS: 'true' }).jitsi.publicAllowedForCitizens).toBe(true);
    expect(loadConfig({ JITSI_PUBLIC_ALLOWED_FOR_CITIZENS: 'false' }).jitsi.publicAllowedForCitizens).toBe(false);
    expect(() => loadConfig({ JITSI_PUBLIC_ALLOWED_FOR_CITIZENS: 'maybe' })).toThrow(
      /JITSI_PUBLIC_ALLOWED_FOR_CITIZENS must be true or false/,
    );
  });
});
