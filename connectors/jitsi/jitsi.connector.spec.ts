import { describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { JitsiConnector, JitsiCredentials, JitsiDevelopmentConnector, generateRoomName } from './jitsi.connector.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const credentials = new JitsiCredentials({
  domain: 'meet.agency.go.kr',
  appId: 'ieum',
  appSecret: SECRET,
  marginMinutes: 10,
});
const connector = new JitsiConnector(credentials);
const window = { startsAt: new Date('2026-12-01T05:00:00Z'), endsAt: new Date('2026-12-01T06:00:00Z') };
const now = new Date('2026-12-01T04:55:00Z');
const person = { id: 'u-1', name: '김행안', email: 'kim@mois.go.kr', moderator: false };

/** Verifies as prosody's token_verification would for the room in the link's path. */
async function verify(url: string, at = now) {
  const link = new URL(url);
  const { payload } = await jwtVerify(link.searchParams.get('jwt') ?? '', new TextEncoder().encode(SECRET), {
    algorithms: ['HS256'],
    audience: 'ieum',
    issuer: 'ieum',
    subject: 'meet.agency.go.kr',
    currentDate: at,
  });
  expect(payload.room).toBe(decodeURIComponent(link.pathname.slice(1)));
  return payload as typeof payload & { context: { user: Record<string, unknown>; features: Record<string, unknown> } };
}

describe('JitsiConnector', () => {
  it('signs a per-person HS256 token for one room, from the margin before the window to the margin after', async () => {
    const link = await connector.joinUrl({ room: 'ieum-room', participant: person, window, lobby: false, now });
    expect(link.url.startsWith('https://meet.agency.go.kr/ieum-room?jwt=')).toBe(true);
    expect(link).toMatchObject({
      domain: 'meet.agency.go.kr',
      room: 'ieum-room',
      moderator: false,
      lobby: false,
      publicDeployment: false,
    });
    expect(decodeProtectedHeader(link.token ?? '')).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const claims = await verify(link.url);
    expect(claims.nbf).toBe(Date.parse('2026-12-01T04:50:00Z') / 1000);
    expect(claims.exp).toBe(Date.parse('2026-12-01T06:10:00Z') / 1000);
    expect(link.expiresAt.toISOString()).toBe('2026-12-01T06:10:00.000Z');
    expect(claims.context.user).toEqual({
      id: 'u-1',
      name: '김행안',
      email: 'kim@mois.go.kr',
      moderator: false,
      affiliation: 'member',
    });
    await expect(verify(link.url, new Date('2026-12-01T04:49:00Z'))).rejects.toThrow(/nbf/);
    await expect(verify(link.url, new Date('2026-12-01T06:11:00Z'))).rejects.toThrow(/exp/);
  });

  it('makes hosts moderators who skip the lobby, and sends everyone else to it', async () => {
    const host = await verify(
      (await connector.joinUrl({ room: 'r', participant: { ...person, moderator: true }, window, lobby: true, now }))
        .url,
    );
    expect(host.context.user).toMatchObject({ moderator: true, affiliation: 'owner', lobby_bypass: true });
    expect(host.context.user).not.toHaveProperty('lobby');
    const guest = await verify(
      (await connector.joinUrl({ room: 'r', participant: person, window, lobby: true, now })).url,
    );
    expect(guest.context.user).toMatchObject({ moderator: false, lobby: true });
    expect(guest.context.features).toEqual({ lobby: true });
  });

  it('takes a narrower margin when asked (consultations), and issues nothing once the window is over', async () => {
    const claims = await verify(
      (await connector.joinUrl({ room: 'r', participant: person, window, lobby: true, marginMinutes: 5, now })).url,
    );
    expect([claims.nbf, claims.exp]).toEqual([
      Date.parse('2026-12-01T04:55:00Z') / 1000,
      Date.parse('2026-12-01T06:05:00Z') / 1000,
    ]);
    await expect(
      connector.joinUrl({
        room: 'r',
        participant: person,
        window,
        lobby: false,
        now: new Date('2026-12-01T06:10:00Z'),
      }),
    ).rejects.toThrow(/over/);
  });

  it('refuses a token signed with another secret, or for another audience', async () => {
    const other = new JitsiConnector(
      new JitsiCredentials({
        domain: 'meet.agency.go.kr',
        appId: 'other-app',
        appSecret: 'another-secret-of-thirty-two-characters!',
        marginMinutes: 10,
      }),
    );
    await expect(
      verify((await other.joinUrl({ room: 'r', participant: person, window, lobby: false, now })).url),
    ).rejects.toThrow();
  });

  it('validates its credentials and never shows the secret', () => {
    expect(() => new JitsiCredentials({ domain: 'not a host', appId: 'ieum', appSecret: SECRET })).toThrow(
      /JITSI_DOMAIN/,
    );
    expect(() => new JitsiCredentials({ domain: 'meet.example.org', appId: 'ieum', appSecret: 'short' })).toThrow(
      /32 characters/,
    );
    expect(JSON.stringify(credentials)).not.toContain(SECRET);
    expect(JSON.stringify(credentials)).toContain('[redacted]');
  });

  it('names rooms with 128 random bits and nothing else', () => {
    const names = new Set(Array.from({ length: 200 }, () => generateRoomName()));
    expect(names.size).toBe(200);
    for (const name of names) expect(name).toMatch(/^ieum-[a-z2-7]{26}$/);
  });

  it('without a deployment, links to meet.jit.si without a token and says so', async () => {
    const dev = new JitsiDevelopmentConnector();
    const link = await dev.joinUrl({ room: 'ieum-x', participant: person, window, lobby: false });
    expect(link).toMatchObject({
      url: 'https://meet.jit.si/ieum-x',
      domain: 'meet.jit.si',
      room: 'ieum-x',
      token: null,
      publicDeployment: true,
    });
    expect((await dev.checkConnection()).ok).toBe(false);
  });

  it('reports an unreachable deployment instead of throwing', async () => {
    const unreachable = new JitsiConnector(
      new JitsiCredentials({
        domain: 'meet.agency.go.kr',
        appId: 'ieum',
        appSecret: SECRET,
        baseUrl: 'http://127.0.0.1:9',
      }),
    );
    const result = await unreachable.checkConnection();
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/unreachable/);
  });
});
