import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgencyKind, UserKind } from '../../src/identity/identity.types.js';
import { DirectoryService } from '../../src/identity/directory.service.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

interface Session {
  accessToken: string;
  refreshToken: string;
}

describe('HTTP edge', () => {
  let t: TestApp;
  let login: string;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const get = (path: string, token?: string) =>
    fetch(`${t.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const signIn = async (who = login, password = TEST_PASSWORD): Promise<Session> => {
    const res = await post('/auth/login', { login: who, password });
    expect(res.status).toBe(200);
    return (await res.json()) as Session;
  };

  beforeAll(async () => {
    t = await startTestApp(await createTestConfig());
    const factory = new Factory(t.app);
    const ministry = await factory.agency({ code: '1741000', name: '행정안전부' });
    login = (await factory.user(ministry, { login: 'Kim.MOIS', displayName: '김행안', departmentName: '협업정책과' }))
      .login;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness', async () => {
    expect(await (await get('/health')).json()).toEqual({ status: 'ok' });
    const ready = await get('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', postgres: 'ok', redis: 'ok' });
  });

  it('serves the OpenAPI document', async () => {
    const doc = (await (await get('/api/docs/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/auth/refresh', '/auth/logout', '/me']),
    );
  });

  it('answers an unknown route with a coded JSON 404 in the asked language', async () => {
    const res = await fetch(`${t.baseUrl}/no/such/route`, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: 'No such page or API route.',
      messages: { ko: expect.any(String) },
    });
  });

  it('signs in (full-width and upper-case forms too), and GET /me tells who and where', async () => {
    const session = await signIn('ＫＩＭ.mois');
    const me = (await (await get('/me', session.accessToken)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({
      login: 'kim.mois',
      displayName: '김행안',
      agency: { code: '1741000', name: '행정안전부' },
      department: { name: '협업정책과' },
    });
    expect(JSON.stringify(me)).not.toMatch(/password/i);
  });

  it('refuses requests without a valid token', async () => {
    expect((await get('/me')).status).toBe(401);
    const forged = await get('/me', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('validates the body with one error shape', async () => {
    const res = await post('/auth/login', { login: 'x', password: 42, extra: true });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; details: { fields: Array<{ field: string }> } };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.fields.map((f) => f.field).sort()).toEqual(['extra', 'password']);
  });

  it('rotates refresh tokens and treats a reused one as theft', async () => {
    const first = await signIn();
    const second = (await (await post('/auth/refresh', { refreshToken: first.refreshToken })).json()) as Session;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await get('/me', second.accessToken)).status).toBe(200);

    const reuse = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    // The whole family is gone, including the token that was still current.
    expect((await post('/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
  });

  it('logs out: the access token and its refresh family stop working at once', async () => {
    const session = await signIn();
    const out = await post(
      '/auth/logout',
      { refreshToken: session.refreshToken },
      { authorization: `Bearer ${session.accessToken}` },
    );
    expect(out.status).toBe(204);
    expect((await get('/me', session.accessToken)).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('answers the sixth wrong password in a minute with 429 and Retry-After', async () => {
    const factory = new Factory(t.app);
    const agency = await factory.agency();
    const victim = await factory.user(agency);
    for (let i = 1; i <= 5; i++) {
      const res = await post('/auth/login', { login: victim.login, password: `wrong-${i}` });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    const sixth = await post(
      '/auth/login',
      { login: victim.login, password: TEST_PASSWORD },
      { 'accept-language': 'ko' },
    );
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(sixth.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await sixth.json()).toMatchObject({
      code: 'TOO_MANY_LOGIN_ATTEMPTS',
      message: expect.stringContaining('로그인 시도가 너무 많습니다'),
    });
    // Another account from the same address is not locked by this one.
    expect((await post('/auth/login', { login, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('keeps the org tree to public servants', async () => {
    const directory = t.app.get(DirectoryService);
    await directory.createAgency({ code: '6110000', name: '서울특별시', kind: AgencyKind.MetropolitanGovernment });
    await directory.createAgency({
      code: '3000000',
      name: '종로구',
      kind: AgencyKind.BasicGovernment,
      parentCode: '6110000',
    });
    const staff = await signIn();
    const tree = (await (await get('/agencies', staff.accessToken)).json()) as Array<{
      code: string;
      children: Array<{ code: string }>;
    }>;
    expect(tree.find((a) => a.code === '6110000')?.children.map((c) => c.code)).toEqual(['3000000']);

    await directory.createUser({
      kind: UserKind.CommitteeMember,
      login: 'member@example.org',
      displayName: '위원',
      password: TEST_PASSWORD,
    });
    const guest = await signIn('member@example.org');
    const refused = await get('/agencies', guest.accessToken);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'STAFF_ONLY' });
  });
});
