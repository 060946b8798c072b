import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { AdminAgencyTree, AdminAgencyUsers, AdminUserView } from '../../src/identity/admin-users.service.js';
import { AgencyKind, UserRole } from '../../src/identity/identity.types.js';
import type { RoomMailAddressView } from '../../src/mail-ingress/mail-ingress.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually, type ClientSocket } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

interface ErrorAnswer {
  code: string;
  details?: Record<string, unknown>;
  messages: { ko: string; en: string };
}
type Session = { accessToken: string; refreshToken: string };

describe('administration: the agency tree, people and roles, disabling, org-chart imports, room addresses', () => {
  let app: TestApp;
  let factory: Factory;
  const agencies = {} as Record<'mois' | 'klid' | 'acrc' | 'seoul', { id: string; code: string }>;
  let system: ApiClient;
  let moisAdmin: ApiClient;
  let member: ApiClient;
  let moisAdminId: string;
  let klidUser: { id: string; login: string };
  let acrcUser: { id: string; login: string };

  const call = <T>(client: ApiClient, method: string, path: string, body?: unknown) =>
    client.call<T & ErrorAnswer>(method, path, body);
  const post = async (path: string, body: unknown, token?: string) =>
    fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const signIn = async (login: string, password = TEST_PASSWORD): Promise<Session> => {
    const res = await post('/auth/login', { login, password });
    expect(res.status).toBe(200);
    return (await res.json()) as Session;
  };
  const me = async (token: string) => {
    const res = await fetch(`${app.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as ErrorAnswer & { roles: string[] } };
  };
  const connect = async (
    token: string,
  ): Promise<{ socket: ClientSocket; seen: Array<{ event: string; payload: unknown }> }> => {
    const socket: ClientSocket = io(app.baseUrl, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    const seen: Array<{ event: string; payload: unknown }> = [];
    socket.on('session.expired', (payload) => seen.push({ event: 'session.expired', payload }));
    socket.on('disconnect', (payload) => seen.push({ event: 'disconnect', payload }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, seen };
  };
  const importCsv = async (client: ApiClient, csv: string | Buffer, dryRun = false) => {
    const res = await fetch(`${app.baseUrl}/admin-api/org-chart${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    return {
      status: res.status,
      body: (await res.json()) as ErrorAnswer & {
        usersCreated: number;
        usersUpdated: number;
        usersUnchanged: number;
        agenciesCreated: number;
        dryRun: boolean;
      },
    };
  };
  const loginExists = (login: string) =>
    withAdmin(
      app.config.database.url,
      async (c) => (await c.query(`SELECT 1 FROM users WHERE login = $1`, [login])).rowCount === 1,
    );

  beforeAll(async () => {
    app = await startTestApp(await createTestConfig());
    factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const klid = await factory.agency({
      code: 'B552922',
      name: '한국지역정보개발원',
      kind: AgencyKind.PublicInstitution,
      parentCode: '1741000',
    });
    const acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    const seoul = await factory.agency({
      code: '6110000',
      name: '서울특별시',
      kind: AgencyKind.MetropolitanGovernment,
    });
    Object.assign(agencies, { mois, klid, acrc, seoul });
    await factory.user(seoul, { login: 'root', displayName: '시스템관리자', roles: [UserRole.SystemAdmin] });
    moisAdminId = (
      await factory.user(mois, { login: 'admin.mois', displayName: '관리행안', roles: [UserRole.AgencyAdmin] })
    ).id;
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    klidUser = await factory.user(klid, { login: 'park.klid', displayName: '박정보' });
    acrcUser = await factory.user(acrc, { login: 'lee.acrc', displayName: '이권익' });
    [system, moisAdmin, member] = await Promise.all(
      ['root', 'admin.mois', 'kim.mois'].map((l) => ApiClient.signIn(app.baseUrl, l)),
    );
  });

  afterAll(async () => {
    await app.close();
  });

  it('shows an agency administrator their agency and those under it, a system administrator every agency, and nobody else anything', async () => {
    const refused = await call(member, 'GET', '/admin-api/agencies');
    expect([refused.status, refused.body.code]).toEqual([403, 'ADMIN_ONLY']);
    expect(refused.body.messages.ko).toContain('관리자');

    const mine = await call<AdminAgencyTree>(moisAdmin, 'GET', '/admin-api/agencies');
    expect(mine.status).toBe(200);
    expect(mine.body.systemAdmin).toBe(false);
    expect(mine.body.roots.map((r) => [r.code, r.userCount, r.children.map((c) => [c.code, c.userCount])])).toEqual([
      ['1741000', 2, [['B552922', 1]]],
    ]);

    const all = await call<AdminAgencyTree>(system, 'GET', '/admin-api/agencies');
    expect(all.body.systemAdmin).toBe(true);
    expect(all.body.roots.map((r) => r.code).sort()).toEqual(['1140100', '1741000', '6110000']);
  });

  it("lists the people of an agency in the administrator's tree, and refuses one outside it", async () => {
    const klid = await call<AdminAgencyUsers>(moisAdmin, 'GET', `/admin-api/agencies/${agencies.klid.id}/users`);
    expect(klid.status).toBe(200);
    expect(klid.body.users.map((u) => [u.login, u.roles])).toEqual([['park.klid', ['member']]]);
    const acrc = await call(moisAdmin, 'GET', `/admin-api/agencies/${agencies.acrc.id}/users`);
    expect([acrc.status, acrc.body.code]).toEqual([403, 'ADMIN_OUT_OF_SCOPE']);
    expect((await call(system, 'GET', `/admin-api/agencies/${agencies.acrc.id}/users`)).status).toBe(200);
    expect((await call(moisAdmin, 'GET', `/admin-api/agencies/${randomUUID()}/users`)).status).toBe(404);
    expect((await call(moisAdmin, 'GET', `/admin-api/agencies/not-a-uuid/users`)).status).toBe(400);
  });

  it('creates a public servant with a first password shown once, who can then sign in; validates what it is given', async () => {
    const created = await call<{ user: AdminUserView; initialPassword: string }>(
      moisAdmin,
      'POST',
      `/admin-api/agencies/${agencies.klid.id}/users`,
      {
        login: ' Choi.KLID ',
        displayName: '최정보',
        email: 'choi@klid.example',
        department: '정보화지원단',
        position: '선임',
        roles: ['complaint_investigator'],
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      login: 'choi.klid',
      displayName: '최정보',
      department: '정보화지원단',
      roles: ['member', 'complaint_investigator'],
      disabledAt: null,
    });
    expect(created.body.initialPassword).toMatch(/^[A-Za-z0-9_-]{12}$/);
    const session = await signIn('choi.klid', created.body.initialPassword);
    expect((await me(session.accessToken)).body.roles).toEqual(['member', 'complaint_investigator']);

    const taken = await call(moisAdmin, 'POST', `/admin-api/agencies/${agencies.klid.id}/users`, {
      login: 'choi.klid',
      displayName: '다른 최정보',
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'LOGIN_TAKEN']);
    const bad = await call(moisAdmin, 'POST', `/admin-api/agencies/${agencies.klid.id}/users`, {
      login: '최 정보',
      displayName: '',
      email: 'not-mail',
      roles: ['king'],
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((bad.body.details?.['fields'] as Array<{ field: string }>).map((f) => f.field).sort()).toEqual([
      'displayName',
      'email',
      'login',
      'roles',
    ]);
    const system_ = await call(moisAdmin, 'POST', `/admin-api/agencies/${agencies.mois.id}/users`, {
      login: 'would.be.root',
      displayName: '루트',
      roles: ['system_admin'],
    });
    expect([system_.status, system_.body.code]).toEqual([403, 'ADMIN_SYSTEM_ROLE']);
    const elsewhere = await call(moisAdmin, 'POST', `/admin-api/agencies/${agencies.acrc.id}/users`, {
      login: 'not.mine',
      displayName: '남의 기관',
    });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'ADMIN_OUT_OF_SCOPE']);
    expect(await loginExists('would.be.root')).toBe(false);
    expect(await loginExists('not.mine')).toBe(false);
  });

  it('gives and takes roles within the tree; taking one away signs the person out at once, everywhere', async () => {
    const session = await signIn('park.klid');
    const { socket, seen } = await connect(session.accessToken);

    const given = await call<AdminUserView>(moisAdmin, 'PUT', `/admin-api/users/${klidUser.id}/roles`, {
      roles: ['complaint_investigator'],
    });
    expect([given.status, given.body.roles]).toEqual([200, ['member', 'complaint_investigator']]);
    // A role given takes nothing away: the session goes on (the new role arrives with the next token).
    expect((await me(session.accessToken)).status).toBe(200);
    expect(socket.connected).toBe(true);

    const taken = await call<AdminUserView>(moisAdmin, 'PUT', `/admin-api/users/${klidUser.id}/roles`, { roles: [] });
    expect([taken.status, taken.body.roles]).toEqual([200, ['member']]);
    await eventually(() => expect(seen.at(-1)).toEqual({ event: 'disconnect', payload: 'io server disconnect' }));
    expect(seen.at(-2)).toMatchObject({
      event: 'session.expired',
      payload: { statusCode: 401, code: 'ROLES_CHANGED' },
    });
    expect((await me(session.accessToken)).body.code).toBe('ROLES_CHANGED');
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    expect((await me((await signIn('park.klid')).accessToken)).body.roles).toEqual(['member']);

    const self = await call(moisAdmin, 'PUT', `/admin-api/users/${moisAdminId}/roles`, { roles: [] });
    expect([self.status, self.body.code]).toEqual([409, 'ADMIN_SELF']);
    const outside = await call(moisAdmin, 'PUT', `/admin-api/users/${acrcUser.id}/roles`, { roles: ['agency_admin'] });
    expect([outside.status, outside.body.code]).toEqual([403, 'ADMIN_OUT_OF_SCOPE']);
    const grantSystem = await call(moisAdmin, 'PUT', `/admin-api/users/${klidUser.id}/roles`, {
      roles: ['system_admin'],
    });
    expect([grantSystem.status, grantSystem.body.code]).toEqual([403, 'ADMIN_SYSTEM_ROLE']);
    const junk = await call(moisAdmin, 'PUT', `/admin-api/users/${klidUser.id}/roles`, { roles: ['member', 'owner'] });
    expect([junk.status, junk.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await call(member, 'PUT', `/admin-api/users/${klidUser.id}/roles`, { roles: [] })).body.code).toBe(
      'ADMIN_ONLY',
    );
    // A system administrator may give the system role anywhere.
    expect(
      (await call<AdminUserView>(system, 'PUT', `/admin-api/users/${acrcUser.id}/roles`, { roles: ['system_admin'] }))
        .body.roles,
    ).toEqual(['member', 'system_admin']);
    // …and the agency administrator may then not touch that person, even when they are in the tree.
    await call(system, 'PUT', `/admin-api/users/${klidUser.id}/roles`, { roles: ['system_admin'] });
    expect((await call(moisAdmin, 'POST', `/admin-api/users/${klidUser.id}/disable`)).body.code).toBe(
      'ADMIN_SYSTEM_ROLE',
    );
    await call(system, 'PUT', `/admin-api/users/${klidUser.id}/roles`, { roles: [] });
  });

  it("disabling ends the person's sessions, sockets and tokens at once and keeps them out; enabling lets them back in", async () => {
    const [one, two] = [await signIn('park.klid'), await signIn('park.klid')];
    const sockets = [await connect(one.accessToken), await connect(two.accessToken)];
    const bystander = await connect((await signIn('kim.mois')).accessToken);

    const disabled = await call<AdminUserView>(moisAdmin, 'POST', `/admin-api/users/${klidUser.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    for (const { seen } of sockets) {
      await eventually(() => expect(seen.at(-1)).toEqual({ event: 'disconnect', payload: 'io server disconnect' }));
      expect(seen.at(-2)).toMatchObject({
        event: 'session.expired',
        payload: { statusCode: 401, code: 'ACCOUNT_DISABLED', messages: { ko: expect.stringContaining('중지') } },
      });
    }
    for (const session of [one, two]) {
      expect((await me(session.accessToken)).body.code).toBe('ACCOUNT_DISABLED');
      expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    }
    const again = await post('/auth/login', { login: 'park.klid', password: TEST_PASSWORD });
    expect([again.status, ((await again.json()) as ErrorAnswer).code]).toEqual([403, 'ACCOUNT_DISABLED']);
    expect(bystander.socket.connected).toBe(true);
    bystander.socket.disconnect();

    const listed = await call<AdminAgencyUsers>(moisAdmin, 'GET', `/admin-api/agencies/${agencies.klid.id}/users`);
    expect(listed.body.users.find((u) => u.login === 'park.klid')?.disabledAt).not.toBeNull();
    const tree = await call<AdminAgencyTree>(moisAdmin, 'GET', '/admin-api/agencies');
    expect(tree.body.roots[0]?.children[0]?.userCount).toBe(1);

    const self = await call(moisAdmin, 'POST', `/admin-api/users/${moisAdminId}/disable`);
    expect([self.status, self.body.code]).toEqual([409, 'ADMIN_SELF']);
    expect((await call(moisAdmin, 'POST', `/admin-api/users/${acrcUser.id}/disable`)).body.code).toBe(
      'ADMIN_OUT_OF_SCOPE',
    );

    const enabled = await call<AdminUserView>(moisAdmin, 'POST', `/admin-api/users/${klidUser.id}/enable`);
    expect([enabled.status, enabled.body.disabledAt]).toEqual([200, null]);
    expect((await me((await signIn('park.klid')).accessToken)).status).toBe(200);

    await waitForJobs(app.app);
    const audit = await withAdmin(app.config.database.url, async (c) =>
      (
        await c.query<{ action: string }>(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY occurred_at`, [
          klidUser.id,
        ])
      ).rows.map((r) => r.action),
    );
    expect(audit).toEqual(expect.arrayContaining(['user.roles_changed', 'user.disabled', 'user.enabled']));
  });

  it('imports an org chart all or nothing, naming bad lines; an agency administrator stays inside their tree', async () => {
    const header = 'agency_code,agency_name,agency_kind,parent_code,department,login,display_name,email,position,roles';
    const bad = [
      header,
      'B552922,한국지역정보개발원,public_institution,1741000,디지털혁신실,new.one,신입일,,,member',
      '1140100,국민권익위원회,central_ministry,,조사과,new.two,신입이,,,member',
      'B552922,한국지역정보개발원,public_institution,1741000,디지털혁신실,new.three,신입삼,,,system_admin',
      'B552922,한국지역정보개발원,public_institution,1741000,디지털혁신실,new.four,신입사,not-an-address,,member',
    ].join('\n');
    const refused = await importCsv(moisAdmin, bad);
    expect([refused.status, refused.body.code]).toEqual([400, 'ORG_CHART_INVALID']);
    expect((refused.body.details?.['problems'] as Array<{ line: number }>).map((p) => p.line)).toEqual([3, 4, 5]);
    expect(refused.body.messages.ko).toContain('3, 4, 5');
    expect(await loginExists('new.one')).toBe(false);

    const good = [
      header,
      'B552922,한국지역정보개발원,public_institution,1741000,디지털혁신실,new.one,신입일,one@klid.example,연구원,member',
      'B552923,지역정보 연수원,public_institution,1741000,,,,,,',
      'B552923,지역정보 연수원,public_institution,1741000,교육팀,new.five,신입오,,,agency_admin',
    ].join('\n');
    const dry = await importCsv(moisAdmin, good, true);
    expect([dry.status, dry.body.dryRun, dry.body.usersCreated, dry.body.agenciesCreated]).toEqual([200, true, 2, 1]);
    expect(await loginExists('new.one')).toBe(false);
    const done = await importCsv(moisAdmin, good);
    expect([done.status, done.body.usersCreated, done.body.agenciesCreated]).toEqual([200, 2, 1]);
    const tree = await call<AdminAgencyTree>(moisAdmin, 'GET', '/admin-api/agencies');
    expect(tree.body.roots[0]?.children.map((c) => c.code).sort()).toEqual(['B552922', 'B552923']);

    // The same rows again: an import is a sync, and nobody changes.
    const twice = await importCsv(moisAdmin, good);
    expect([twice.status, twice.body.usersCreated, twice.body.usersUpdated, twice.body.usersUnchanged]).toEqual([
      200, 0, 0, 2,
    ]);
    // Nobody outside one's tree is moved into it by a file, and one's own administrator role stays.
    const poach = await importCsv(
      moisAdmin,
      `${header}\nB552922,한국지역정보개발원,public_institution,1741000,디지털혁신실,${acrcUser.login},데려옴,,,member`,
    );
    expect((poach.body.details?.['problems'] as Array<{ problems: string[] }>)[0]?.problems.join()).toContain(
      'in an agency you do not administer',
    );
    const demoted = await importCsv(
      moisAdmin,
      `${header}\n1741000,행정안전부,central_ministry,,,admin.mois,관리행안,,,member`,
    );
    expect((demoted.body.details?.['problems'] as Array<{ problems: string[] }>)[0]?.problems.join()).toContain(
      'you cannot take away your own administrator role',
    );
    // A new top-level agency is a system administrator's to make.
    const top = await importCsv(moisAdmin, `${header}\n1320000,새 부처,central_ministry,,,,,,,`);
    expect((top.body.details?.['problems'] as Array<{ line: number }>).map((p) => p.line)).toEqual([2]);
    expect(
      (await importCsv(system, `${header}\n1320000,새 부처,central_ministry,,총무과,new.six,신입육,,,member`)).body
        .usersCreated,
    ).toBe(1);

    const empty = await importCsv(system, `${header}\n`);
    expect([empty.status, empty.body.code]).toEqual([400, 'ORG_CHART_INVALID']);
    expect((await importCsv(member, good)).body.code).toBe('ADMIN_ONLY');
  });

  it('reads an org chart a Korean spreadsheet saved in EUC-KR, and refuses one too large', async () => {
    const header = 'agency_code,agency_name,agency_kind,parent_code,department,login,display_name,email,position,roles';
    const text = `${header}\r\nB552922,한국지역정보개발원,public_institution,1741000,정보보호팀,euckr.user,홍길동,,주무관,member\r\n`;
    const encoded = encodeEucKr(text);
    const done = await importCsv(moisAdmin, encoded);
    expect([done.status, done.body.usersCreated]).toEqual([200, 1]);
    const users = await call<AdminAgencyUsers>(moisAdmin, 'GET', `/admin-api/agencies/${agencies.klid.id}/users`);
    expect(users.body.users.find((u) => u.login === 'euckr.user')).toMatchObject({
      displayName: '홍길동',
      department: '정보보호팀',
    });

    const huge = await importCsv(system, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41));
    expect([huge.status, huge.body.code]).toEqual([413, 'ORG_CHART_TOO_LARGE']);
  });

  it('lists the rooms one may give an address (owned ones; the agency room for its administrator), with their addresses', async () => {
    const room = await call<{ id: string }>(member, 'POST', '/rooms', {
      kind: 'group',
      name: `메일 받는 방 ${randomUUID().slice(0, 6)}`,
    });
    expect(room.status).toBe(201);
    const before = await call<RoomMailAddressView[]>(member, 'GET', '/mail-addresses');
    expect(before.body.find((r) => r.roomId === room.body.id)).toMatchObject({ address: null, roomKind: 'group' });
    const made = await call<{ address: string }>(member, 'POST', `/rooms/${room.body.id}/mail-address`);
    const listed = await call<RoomMailAddressView[]>(member, 'GET', '/mail-addresses');
    expect(listed.body[0]).toMatchObject({ roomId: room.body.id, address: made.body.address, authPolicy: 'mark' });
    const rotated = await call<{ address: string }>(member, 'POST', `/rooms/${room.body.id}/mail-address/rotate`);
    expect((await call<RoomMailAddressView[]>(member, 'GET', '/mail-addresses')).body[0]?.address).toBe(
      rotated.body.address,
    );
    // Someone who owns nothing there sees nothing of it.
    expect(
      (await call<RoomMailAddressView[]>(system, 'GET', '/mail-addresses')).body.some((r) => r.roomId === room.body.id),
    ).toBe(false);
  });
});

/** EUC-KR bytes for the Hangul syllables in KS X 1001 (TextEncoder only writes UTF-8). */
function encodeEucKr(text: string): Buffer {
  const decoder = new TextDecoder('euc-kr');
  const table = new Map<string, number[]>();
  for (let lead = 0xb0; lead <= 0xc8; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) table.set(decoder.decode(Uint8Array.of(lead, trail)), [lead, trail]);
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`${char} is not in KS X 1001`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}
