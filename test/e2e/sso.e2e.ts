import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { freePort } from '../../src/bootstrap/embedded-services.js';
import type { ErrorBody } from '../../src/common/error-body.js';
import type { ResolvedAppConfig } from '../../src/config/app-config.js';
import type { AgencyEntity } from '../../src/identity/agency.entity.js';
import { AdminUsersService } from '../../src/identity/admin-users.service.js';
import type { MeResponse } from '../../src/identity/me.controller.js';
import { UserRepository } from '../../src/identity/user.repository.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';
import { CookieBrowser, signInAtProvider, startTestIdp, type TestIdp } from '../utils/test-idp.js';

const WEB = { 'x-ieum-client': 'web', 'content-type': 'application/json' };

/**
 * Single sign-on against a real OpenID provider (oidc-provider) on loopback. Two API nodes share one
 * database: `a` matches people by preferred_username and keeps password sign-in; `b` creates
 * people it does not know in a default department and has password sign-in turned off.
 */
describe('single sign-on (OpenID Connect)', () => {
  let idp: TestIdp;
  let a: TestApp;
  let b: TestApp;
  /** Matches the e-mail claim against users' e-mail addresses. */
  let c: TestApp;
  let factory: Factory;
  let mois: AgencyEntity;
  let departmentId: string;

  beforeAll(async () => {
    const [portA, portB, portC] = [await freePort(), await freePort(), await freePort()];
    const urlA = `http://127.0.0.1:${portA}`;
    const urlB = `http://127.0.0.1:${portB}`;
    const urlC = `http://127.0.0.1:${portC}`;
    const secretA = randomBytes(24).toString('hex');
    const secretB = randomBytes(24).toString('hex');
    idp = await startTestIdp([
      {
        clientId: 'ieum-a',
        clientSecret: secretA,
        redirectUri: `${urlA}/auth/sso/callback`,
        postLogoutRedirectUri: `${urlA}/login`,
      },
      {
        clientId: 'ieum-b',
        clientSecret: secretB,
        redirectUri: `${urlB}/auth/sso/callback`,
        postLogoutRedirectUri: `${urlB}/login`,
      },
      {
        clientId: 'ieum-c',
        clientSecret: secretA,
        redirectUri: `${urlC}/auth/sso/callback`,
        postLogoutRedirectUri: `${urlC}/login`,
      },
    ]);
    const config = await createTestConfig({
      env: { PUBLIC_URL: urlA, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: 'ieum-a', OIDC_CLIENT_SECRET: secretA },
    });
    a = await startTestApp(config, portA);
    factory = new Factory(a.app);
    mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    departmentId =
      (await factory.user(mois, { login: 'seed.person', departmentName: '디지털정부혁신실' })).departmentId ?? '';
    const sso = config.sso;
    if (!sso) throw new Error('SSO is not configured');
    const configB: ResolvedAppConfig = {
      ...config,
      roles: new Set(['api']),
      http: { ...config.http, port: portB, publicUrl: urlB },
      auth: { ...config.auth, passwordLoginEnabled: false },
      sso: {
        ...sso,
        clientId: 'ieum-b',
        clientSecret: secretB,
        redirectUri: `${urlB}/auth/sso/callback`,
        postLogoutRedirectUri: `${urlB}/login`,
        jitDepartmentId: departmentId,
      },
    };
    b = await startTestApp(configB, portB);
    c = await startTestApp(
      {
        ...config,
        roles: new Set(['api']),
        http: { ...config.http, port: portC, publicUrl: urlC },
        sso: {
          ...sso,
          clientId: 'ieum-c',
          redirectUri: `${urlC}/auth/sso/callback`,
          postLogoutRedirectUri: `${urlC}/login`,
          userClaim: 'email',
          userField: 'email',
        },
      },
      portC,
    );
  });

  afterAll(async () => {
    await c?.close();
    await b?.close();
    await a?.close();
    await idp?.close();
  });

  /** The whole flow in one browser, up to the app's answer at its callback. */
  const signIn = async (app: TestApp, subject: string, browser = new CookieBrowser(), next = '/tasks') => {
    const callbackUrl = await signInAtProvider(
      browser,
      `${app.baseUrl}/auth/sso/start?next=${encodeURIComponent(next)}`,
      subject,
      `${app.baseUrl}/auth/sso/callback`,
    );
    const answer = await browser.request(callbackUrl);
    return { browser, callbackUrl, answer };
  };
  /** The web client's first step after landing: the refresh cookie traded for an access token. */
  const refresh = (app: TestApp, browser: CookieBrowser) =>
    browser.request(`${app.baseUrl}/auth/refresh`, { method: 'POST', headers: WEB, body: '{}' });
  const me = async (app: TestApp, token: string) =>
    (await fetch(`${app.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<MeResponse>;
  const refusal = async (answer: Response) => ({
    status: answer.status,
    code: /data-code="([A-Z_]+)"/.exec(await answer.text())?.[1],
  });

  it('tells the client which ways of signing in there are', async () => {
    expect(await (await fetch(`${a.baseUrl}/auth/options`)).json()).toEqual({ password: true, sso: true });
    expect(await (await fetch(`${b.baseUrl}/auth/options`)).json()).toEqual({ password: false, sso: true });
    const plain = await startTestApp({ ...a.config, roles: new Set(['api']), sso: undefined });
    try {
      expect(await (await fetch(`${plain.baseUrl}/auth/options`)).json()).toEqual({ password: true, sso: false });
      const start = await fetch(`${plain.baseUrl}/auth/sso/start`, { redirect: 'manual' });
      expect(await refusal(start)).toEqual({ status: 404, code: 'SSO_NOT_CONFIGURED' });
    } finally {
      await plain.close();
    }
  });

  it('signs a directory person in by their preferred_username into the session a password gives, and lands on the asked page', async () => {
    const person = await factory.user(mois, { login: 'kim.sso', displayName: '김통합' });
    idp.accounts.set('acct-kim', { preferred_username: 'Kim.SSO', name: '김통합', email: 'kim@example.go.kr' });

    const start = await fetch(`${a.baseUrl}/auth/sso/start?next=/tasks`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The verifier and the browser binding never travel in the address.
    expect([...authorize.searchParams.keys()].sort()).toEqual([
      'client_id',
      'code_challenge',
      'code_challenge_method',
      'nonce',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
    ]);
    expect(start.headers.getSetCookie().join(';')).toMatch(
      /ieum_sso=[^;]+; Max-Age=600; Path=\/auth\/sso; HttpOnly; SameSite=Lax/,
    );

    const { browser, answer } = await signIn(a, 'acct-kim');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`${a.baseUrl}/tasks`);
    expect(answer.headers.getSetCookie().join(';')).toMatch(
      /ieum_rt=[^;]+; Max-Age=\d+; Path=\/auth; HttpOnly; SameSite=Strict/,
    );
    const refreshed = await refresh(a, browser);
    expect(refreshed.status).toBe(200);
    const session = (await refreshed.json()) as { accessToken: string; refreshToken?: string };
    expect(session.refreshToken).toBeUndefined();
    const who = await me(a, session.accessToken);
    expect(who).toMatchObject({ id: person.id, login: 'kim.sso', displayName: '김통합' });
  });

  it('refuses a person the directory does not know with a coded page, and creates them in the default department where that is set', async () => {
    idp.accounts.set('acct-new', { preferred_username: 'new.comer', name: '신규자', email: 'New.Comer@example.go.kr' });
    const users = a.app.get(UserRepository);

    const refused = await signIn(a, 'acct-new');
    const page = await refused.answer.clone().text();
    expect(await refusal(refused.answer)).toEqual({ status: 403, code: 'SSO_USER_UNKNOWN' });
    expect(page).toContain('이음에 등록된 계정이 없습니다');
    expect(page).toContain('Ieum has no account for you');
    expect(refused.answer.headers.getSetCookie().join(';')).not.toMatch(/ieum_rt=[^;]/);
    expect(await users.findByLogin('new.comer')).toBeNull();

    const created = await signIn(b, 'acct-new');
    expect(created.answer.status).toBe(302);
    const token = ((await (await refresh(b, created.browser)).json()) as { accessToken: string }).accessToken;
    expect(await me(b, token)).toMatchObject({
      kind: 'staff',
      login: 'new.comer',
      displayName: '신규자',
      email: 'new.comer@example.go.kr',
      roles: ['member'],
      agency: { id: mois.id },
      department: { id: departmentId, name: '디지털정부혁신실' },
    });
    // Created once: the second sign-in finds them. A `next` off this site lands on the rooms instead.
    const again = await signIn(b, 'acct-new', new CookieBrowser(), '//evil.example/steal');
    expect(again.answer.status).toBe(302);
    expect(again.answer.headers.get('location')).toBe(`${b.baseUrl}/rooms`);
    expect((await users.findByLoginOrEmail('login', 'new.comer')).length).toBe(1);
  });

  it('refuses a disabled person, a missing claim, a forged state, a replayed callback and a spent code, each with its code', async () => {
    await factory.user(mois, { login: 'gone.sso' });
    await a.app.get(AdminUsersService).disableByLogin('gone.sso');
    idp.accounts.set('acct-gone', { preferred_username: 'gone.sso' });
    expect(await refusal((await signIn(b, 'acct-gone')).answer)).toEqual({ status: 403, code: 'ACCOUNT_DISABLED' });
    expect(await a.app.get(UserRepository).findByLogin('gone.sso')).toMatchObject({ disabledAt: expect.any(Date) });

    idp.accounts.set('acct-nameless', { name: '이름만' });
    expect(await refusal((await signIn(b, 'acct-nameless')).answer)).toEqual({
      status: 401,
      code: 'SSO_CLAIM_MISSING',
    });

    await factory.user(mois, { login: 'park.sso' });
    idp.accounts.set('acct-park', { preferred_username: 'park.sso' });
    const browser = new CookieBrowser();
    const callbackUrl = await signInAtProvider(
      browser,
      `${a.baseUrl}/auth/sso/start`,
      'acct-park',
      `${a.baseUrl}/auth/sso/callback`,
    );
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', `${forged.searchParams.get('state')}x`);
    expect(await refusal(await browser.request(forged.href))).toEqual({ status: 400, code: 'SSO_STATE_INVALID' });
    // The real return still works once…
    const first = await browser.request(callbackUrl);
    expect(first.status).toBe(302);
    // …and only once.
    expect(await refusal(await browser.request(callbackUrl))).toEqual({ status: 400, code: 'SSO_STATE_INVALID' });

    // The spent code under a fresh, valid state: the provider refuses it (and PKCE would not match).
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    const fresh = await signInAtProvider(
      browser,
      `${a.baseUrl}/auth/sso/start`,
      'acct-park',
      `${a.baseUrl}/auth/sso/callback`,
    );
    const replay = new URL(fresh);
    replay.searchParams.set('code', code);
    expect(await refusal(await browser.request(replay.href))).toEqual({ status: 401, code: 'SSO_CODE_REFUSED' });

    // A return brought to another browser (a login-CSRF attempt) is refused, and spends the sign-in.
    const victim = await signInAtProvider(
      browser,
      `${a.baseUrl}/auth/sso/start`,
      'acct-park',
      `${a.baseUrl}/auth/sso/callback`,
    );
    expect(await refusal(await new CookieBrowser().request(victim))).toEqual({
      status: 400,
      code: 'SSO_STATE_INVALID',
    });
    expect(await refusal(await browser.request(victim))).toEqual({ status: 400, code: 'SSO_STATE_INVALID' });

    // The provider's own refusal (the person cancelled there) comes back coded too.
    const cancelled = new CookieBrowser();
    const start = await cancelled.request(`${a.baseUrl}/auth/sso/start`);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const denied = await cancelled.request(
      `${a.baseUrl}/auth/sso/callback?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`,
    );
    expect(await refusal(denied)).toEqual({ status: 401, code: 'SSO_PROVIDER_REFUSED' });
  });

  it("ends the Ieum session on logout and hands back the provider's end-session address", async () => {
    await factory.user(mois, { login: 'lee.sso' });
    idp.accounts.set('acct-lee', { preferred_username: 'lee.sso' });
    const { browser } = await signIn(a, 'acct-lee');
    const token = ((await (await refresh(a, browser)).json()) as { accessToken: string }).accessToken;
    const socket = io(a.baseUrl, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const closed = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));

    const out = await browser.request(`${a.baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { ...WEB, authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(out.status).toBe(200);
    const { endSessionUrl } = (await out.json()) as { endSessionUrl: string };
    const end = new URL(endSessionUrl);
    expect(end.origin).toBe(idp.issuer);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${a.baseUrl}/login`);
    expect(end.searchParams.get('client_id')).toBe('ieum-a');
    expect(end.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);
    // The provider accepts it (its page asks the person to confirm signing out there).
    expect((await browser.request(endSessionUrl)).status).toBe(200);

    expect(await closed).toBe('io server disconnect');
    const after = await refresh(a, browser);
    expect(after.status).toBe(401);
    expect((await fetch(`${a.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    // A password session's logout says nothing of the provider.
    const password = (await (
      await fetch(`${a.baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'lee.sso', password: TEST_PASSWORD }),
      })
    ).json()) as { accessToken: string };
    expect(
      (
        await fetch(`${a.baseUrl}/auth/logout`, {
          method: 'POST',
          headers: { authorization: `Bearer ${password.accessToken}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(204);
  });

  it("matches by e-mail where configured: the public servant, not a citizen of the same address, and a citizen's address alone is refused", async () => {
    const servant = await factory.user(mois, { login: 'jung.mail', email: 'Jung@Example.go.kr' });
    await factory.user(mois, {
      kind: 'citizen',
      login: 'jung@example.go.kr',
      email: 'jung@example.go.kr',
      agencyCode: null,
    });
    idp.accounts.set('acct-jung', { email: 'JUNG@example.go.kr', preferred_username: 'somebody.else' });
    const { browser, answer } = await signIn(c, 'acct-jung');
    expect(answer.status).toBe(302);
    const token = ((await (await refresh(c, browser)).json()) as { accessToken: string }).accessToken;
    expect(await me(c, token)).toMatchObject({ id: servant.id, login: 'jung.mail' });

    await factory.user(mois, {
      kind: 'citizen',
      login: 'only.citizen@example.org',
      email: 'only.citizen@example.org',
      agencyCode: null,
    });
    idp.accounts.set('acct-citizen', { email: 'only.citizen@example.org' });
    expect(await refusal((await signIn(c, 'acct-citizen')).answer)).toEqual({ status: 403, code: 'SSO_NOT_STAFF' });

    await factory.user(mois, { login: 'twin.one', email: 'twin@example.go.kr' });
    await factory.user(mois, { login: 'twin.two', email: 'twin@example.go.kr' });
    idp.accounts.set('acct-twin', { email: 'twin@example.go.kr' });
    expect(await refusal((await signIn(c, 'acct-twin')).answer)).toEqual({ status: 403, code: 'SSO_USER_AMBIGUOUS' });
  });

  it('refuses password sign-in with its code where it is turned off', async () => {
    await factory.user(mois, { login: 'choi.pw' });
    const res = await fetch(`${b.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'ko' },
      body: JSON.stringify({ login: 'choi.pw', password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe('PASSWORD_LOGIN_DISABLED');
    expect(body.messages.ko).toContain('통합 인증(SSO)');
    expect(body.messages.en).toContain('single sign-on');
    expect(
      (
        await fetch(`${a.baseUrl}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'choi.pw', password: TEST_PASSWORD }),
        })
      ).status,
    ).toBe(200);
  });
});
