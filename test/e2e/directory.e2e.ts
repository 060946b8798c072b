import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgencyEntity } from '../../src/identity/agency.entity.js';
import type { DepartmentSummary, DirectoryPage } from '../../src/identity/directory-search.service.js';
import { DirectoryService } from '../../src/identity/directory.service.js';
import { UserKind } from '../../src/identity/identity.types.js';
import type { RoomView } from '../../src/messenger/realtime/socket-events.js';
import type { RoomSummaryRow } from '../../src/messenger/room.repository.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

describe('directory: finding colleagues across agencies', () => {
  let t: TestApp;
  let kim: ApiClient;
  let guest: ApiClient;
  let mois: AgencyEntity;
  let acrc: AgencyEntity;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(await createTestConfig());
    const factory = new Factory(t.app);
    mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    ids.kim = (
      await factory.user(mois, {
        login: 'kim.mois',
        displayName: '김행안',
        departmentName: '협업정책과',
        position: '주무관',
      })
    ).id;
    ids.kimTwo = (
      await factory.user(mois, { login: 'kim2.mois', displayName: '김행복', departmentName: '디지털정부정책과' })
    ).id;
    ids.lee = (
      await factory.user(acrc, {
        login: 'lee.acrc',
        displayName: '이권익',
        departmentName: '고충민원조사과',
        position: '조사관',
      })
    ).id;
    ids.gone = (
      await factory.user(acrc, { login: 'gone.acrc', displayName: '이퇴직', departmentName: '고충민원조사과' })
    ).id;
    ids.wild = (await factory.user(acrc, { login: 'wild.acrc', displayName: '100%_합격' })).id;
    for (let i = 0; i < 5; i++)
      await factory.user(acrc, { login: `page${i}.acrc`, displayName: `권익조사관${i}`, departmentName: '조사총괄과' });
    await t.app.get(DirectoryService).createUser({
      kind: UserKind.Citizen,
      login: 'citizen@example.org',
      displayName: '김민원',
      password: TEST_PASSWORD,
    });
    await withAdmin(t.config.database.url, (c) =>
      c.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [ids.gone]),
    );
    [kim, guest] = await Promise.all([
      ApiClient.signIn(t.baseUrl, 'kim.mois'),
      ApiClient.signIn(t.baseUrl, 'citizen@example.org'),
    ]);
  });

  afterAll(async () => {
    await t.close();
  });

  const search = async (query: Record<string, string>) => {
    const res = await kim.call<DirectoryPage>('GET', `/directory/users?${new URLSearchParams(query).toString()}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('finds people by a part of their name, inside the word, with their agency and department', async () => {
    const found = await search({ q: '권익' });
    expect(found.items.map((p) => p.displayName)).toEqual([
      '권익조사관0',
      '권익조사관1',
      '권익조사관2',
      '권익조사관3',
      '권익조사관4',
      '이권익',
    ]);
    expect(found.items.find((p) => p.id === ids.lee)).toEqual({
      id: ids.lee,
      login: 'lee.acrc',
      displayName: '이권익',
      position: '조사관',
      agency: { id: acrc.id, name: '국민권익위원회' },
      department: { id: expect.any(String), name: '고충민원조사과' },
    });
    expect(found.nextCursor).toBeNull();
    // Sign-in names too, and full-width forms read as their plain ones.
    expect((await search({ q: 'ＬＥＥ.acrc' })).items.map((p) => p.id)).toEqual([ids.lee]);
  });

  it('leaves out people who left, guests and bots, and reads LIKE wildcards as text', async () => {
    expect((await search({ q: '퇴직' })).items).toEqual([]);
    expect((await search({ q: '김' })).items.map((p) => p.id).sort()).toEqual([ids.kim, ids.kimTwo].sort());
    expect((await search({ q: '%_' })).items.map((p) => p.id)).toEqual([ids.wild]);
    expect((await search({ q: '_' })).items.map((p) => p.id)).toEqual([ids.wild]);
  });

  it('browses an agency and a department, and pages with a cursor', async () => {
    const departments = (await kim.call<DepartmentSummary[]>('GET', `/directory/agencies/${acrc.id}/departments`)).body;
    expect(departments.map((d) => [d.name, d.memberCount])).toEqual([
      ['고충민원조사과', 1],
      ['조사총괄과', 5],
    ]);
    const everyone = await search({ agencyId: acrc.id });
    expect(everyone.items.map((p) => p.displayName)).toEqual([
      '100%_합격',
      '권익조사관0',
      '권익조사관1',
      '권익조사관2',
      '권익조사관3',
      '권익조사관4',
      '이권익',
    ]);

    const general = departments.find((d) => d.name === '조사총괄과');
    if (!general) throw new Error('no 조사총괄과');
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: DirectoryPage = await search({ departmentId: general.id, limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.displayName));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['권익조사관0', '권익조사관1', '권익조사관2', '권익조사관3', '권익조사관4']);

    // A department of another agency than the one asked for, an unknown agency.
    const wrong = await kim.call<{ code: string }>(
      'GET',
      `/directory/users?agencyId=${mois.id}&departmentId=${general.id}`,
    );
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('DEPARTMENT_NOT_FOUND');
    const unknown = await kim.call<{ code: string }>(
      'GET',
      `/directory/agencies/00000000-0000-4000-8000-000000000000/departments`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('AGENCY_NOT_FOUND');
  });

  it('validates the query with the one error shape', async () => {
    const bad = await kim.call<{ code: string; details: { fields: Array<{ field: string }> } }>(
      'GET',
      '/directory/users?agencyId=nope&limit=500',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.fields.map((f) => f.field).sort()).toEqual(['agencyId', 'limit']);
    // Control characters are refused before any field rule, with their own code.
    const nul = await kim.call<{ code: string; details: { fields: Array<{ field: string }> } }>(
      'GET',
      '/directory/users?agencyId=nope&q=%00',
    );
    expect([nul.status, nul.body.code, nul.body.details.fields.map((f) => f.field)]).toEqual([
      400,
      'CONTROL_CHARACTERS',
      ['q'],
    ]);
    const forged = await kim.call<{ code: string; details: { fields: Array<{ field: string }> } }>(
      'GET',
      `/directory/users?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
    );
    expect(forged.status).toBe(400);
    expect(forged.body.details.fields.map((f) => f.field)).toEqual(['cursor']);
  });

  it('is closed to guests and to callers without a token', async () => {
    const refused = await guest.call<{ code: string }>('GET', '/directory/users?q=김');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('STAFF_ONLY');
    expect((await guest.call<{ code: string }>('GET', `/directory/agencies/${acrc.id}/departments`)).status).toBe(403);
    expect((await fetch(`${t.baseUrl}/directory/users?q=김`)).status).toBe(401);
  });

  it('a person found opens a direct room, listed by the other person with their agency', async () => {
    const [lee] = (await search({ q: '이권익' })).items;
    const room = (await kim.call<RoomView>('POST', '/rooms/direct', { userId: lee.id })).body;
    const mine = (await kim.call<RoomSummaryRow[]>('GET', '/rooms')).body;
    expect(mine.find((r) => r.id === room.id)).toMatchObject({
      kind: 'direct',
      name: null,
      peer: { id: ids.lee, displayName: '이권익', agencyName: '국민권익위원회' },
    });
    const theirs = (await (await ApiClient.signIn(t.baseUrl, 'lee.acrc')).call<RoomSummaryRow[]>('GET', '/rooms')).body;
    expect(theirs.find((r) => r.id === room.id)?.peer).toEqual({
      id: ids.kim,
      displayName: '김행안',
      agencyName: '행정안전부',
    });
    expect(mine.filter((r) => r.kind !== 'direct').every((r) => r.peer === null)).toBe(true);
  });
});
