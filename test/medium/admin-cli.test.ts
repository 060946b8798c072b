import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccessTokenService } from '../../src/identity/access-token.service.js';
import { AuthService } from '../../src/identity/auth.service.js';
import { DirectoryService } from '../../src/identity/directory.service.js';
import { withAdmin } from '../setup/services.js';
import { runAdminCli } from '../utils/admin-cli.js';
import { TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

const HEADER = 'agency_code,agency_name,agency_kind,parent_code,department,login,display_name,email,position,roles';

describe('admin CLI', () => {
  // The CLI works on this app's database, Redis keys and token secret, so a session made here is one the CLI can end.
  let running: TestApp;
  let dir: string;

  const admin = (args: string[], env: Record<string, string> = {}) => runAdminCli(running.config, args, env);
  const importFile = async (name: string, rows: string[], ...flags: string[]) => {
    const file = path.join(dir, name);
    await writeFile(file, `${[HEADER, ...rows].join('\n')}\n`);
    return admin(['org', 'import', file, ...flags]);
  };

  const query = async <T extends object>(sql: string, params: unknown[] = []) =>
    (await withAdmin(running.config.database.url, (c) => c.query<T>(sql, params))).rows;
  const logins = async () =>
    (await query<{ login: string }>(`SELECT login FROM users WHERE kind = 'staff' ORDER BY login`)).map((r) => r.login);
  const person = async (login: string) =>
    (
      await query<{
        display_name: string;
        department: string | null;
        agency: string;
        roles: string[];
        disabled: boolean;
      }>(
        `SELECT u.display_name, d.name AS department, a.code AS agency, u.roles, u.disabled_at IS NOT NULL AS disabled
           FROM users u JOIN agencies a ON a.id = u.agency_id LEFT JOIN departments d ON d.id = u.department_id WHERE u.login = $1`,
        [login],
      )
    )[0];

  beforeAll(async () => {
    running = await startTestApp(await createTestConfig({ roles: [] }));
    dir = await mkdtemp(path.join(tmpdir(), 'ieum-cli-'));
  });

  afterAll(async () => {
    await running.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists its commands with no database or Redis to reach', async () => {
    const nowhere = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' };
    const help = await admin(['--help'], nowhere);
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('Usage: npm run admin --');
    expect(help.stdout).toMatch(/^ +agency +.*\n +user +.*\n +org +/m);
    const org = await admin(['org'], nowhere);
    expect(org.code).toBe(0);
    expect(org.stdout).toMatch(/import \[options\] <file>/);
    const sync = await admin(['org', 'import', '--help'], nowhere);
    expect(sync.stdout).toContain('--sync');
    expect(sync.stdout).toContain('--dry-run');
    // A command that needs the database says it cannot reach it.
    expect((await admin(['agency', 'list'], nowhere)).code).toBe(1);
  });

  it('creates an agency and a user, who is then in the database', async () => {
    expect(
      (await admin(['agency', 'create', '--code', '1741000', '--name', '행정안전부', '--kind', 'central_ministry']))
        .code,
    ).toBe(0);
    const user = await admin([
      'user',
      'create',
      '--login',
      'kim.mois',
      '--name',
      '김행안',
      '--agency',
      '1741000',
      '--department',
      '협업정책과',
    ]);
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/password: \S{12,}/);
    expect(await logins()).toContain('kim.mois');
  });

  it('refuses bad input with one coded line, Korean first, and no stack trace', async () => {
    const attempts = await Promise.all([
      admin(['agency', 'create', '--code', '9999999', '--name', '없는기관', '--kind', 'ministry']),
      admin(['user', 'create', '--login', 'nobody', '--name', '무소속', '--agency', '0000000']),
      admin(['user', 'create', '--login', 'kim.mois', '--name', '김중복', '--agency', '1741000']),
    ]);
    expect(attempts.map((a) => [a.code, a.stderr.trim().split('\n').length])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(attempts.map((a) => /^error ([A-Z_]+):/.exec(a.stderr)?.[1])).toEqual([
      'VALIDATION_FAILED',
      'AGENCY_NOT_FOUND',
      'LOGIN_TAKEN',
    ]);
    expect(attempts[2]?.stderr).toMatch(/^error LOGIN_TAKEN: [^/]*[가-힣][^/]* \/ [A-Za-z]/);
    expect(attempts[0]?.stderr).toContain('--kind: must be one of');
    expect(await logins()).not.toContain('nobody');
  });

  const acrc = (department: string, login: string, name: string, roles = 'member') =>
    `1140100,국민권익위원회,central_ministry,,${department},${login},${name},,,${roles}`;

  it('imports nothing from a CSV with a bad row, naming the line, and everything from a good one', async () => {
    const fromFile = async () => (await logins()).filter((login) => login.endsWith('.acrc'));
    const agencyThere = async () => (await query(`SELECT 1 FROM agencies WHERE code = '1140100'`)).length;

    const refused = await importFile('bad.csv', [
      acrc('민원조사과', 'park.acrc', '박권익', 'member;complaint_investigator'),
      acrc('민원조사과', 'lee.acrc', '이권익'),
      acrc('민원조사과', 'choi.acrc', '최권익', 'emperor'),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error ORG_CHART_INVALID: 조직도를 가져오지 않았습니다.* \/ The org chart was not imported/m,
    );
    expect(refused.stderr).toMatch(/^line 4: .*emperor/m);
    expect(refused.stderr).not.toMatch(/^line [23]:/m);
    expect(await fromFile()).toEqual([]);
    expect(await agencyThere()).toBe(0);

    const imported = await importFile('good.csv', [
      acrc('민원조사과', 'park.acrc', '박권익', 'member;complaint_investigator'),
      acrc('민원조사과', 'lee.acrc', '이권익'),
    ]);
    expect(imported.stderr).not.toMatch(/line \d+:/);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^ORG_CHART_IMPORTED: 조직도를 가져왔습니다\. \/ The org chart was imported\./);
    expect(imported.stdout).toContain('users: 2 created, 0 updated, 0 unchanged, 0 disabled');
    expect(imported.stdout).toMatch(/created +park\.acrc \(line 2\)/);
    expect(await fromFile()).toEqual(['lee.acrc', 'park.acrc']);
    expect(await agencyThere()).toBe(1);
  });

  it('imports the same file again as a sync: everyone unchanged, nothing refused', async () => {
    const again = await importFile('again.csv', [
      acrc('민원조사과', 'park.acrc', '박권익', 'member;complaint_investigator'),
      acrc('민원조사과', 'lee.acrc', '이권익'),
    ]);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toContain(
      '사용자: 생성 0명, 변경 0명, 그대로 2명, 사용 중지 0명 / users: 0 created, 0 updated, 2 unchanged, 0 disabled',
    );
  });

  it('updates whom the file changes (department, name, roles, agency) and names each change', async () => {
    const moved = await importFile('moved.csv', [
      acrc('민원조사과', 'park.acrc', '박권익', 'member;complaint_investigator'),
      acrc('민원정책과', 'lee.acrc', '이권익'),
      '1741000,행정안전부,central_ministry,,협업정책과,kim.mois,김행안,,,member;agency_admin',
    ]);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('users: 0 created, 2 updated, 1 unchanged, 0 disabled');
    expect(moved.stdout).toMatch(/updated +lee\.acrc \(line 3\): 부서 department: 민원조사과 → 민원정책과/);
    expect(moved.stdout).toMatch(/updated +kim\.mois \(line 4\): 권한 roles: member → agency_admin;member/);
    expect(await person('lee.acrc')).toMatchObject({ department: '민원정책과', agency: '1140100', disabled: false });
    expect((await person('kim.mois'))?.roles.sort()).toEqual(['agency_admin', 'member']);

    // A transfer: to another agency, under another name.
    const transfer = await importFile('transfer.csv', [
      acrc('민원조사과', 'park.acrc', '박권익', 'member;complaint_investigator'),
      '1741000,행정안전부,central_ministry,,디지털정부과,lee.acrc,이행안,,,member',
    ]);
    expect(transfer.stdout).toContain('users: 0 created, 1 updated, 1 unchanged, 0 disabled');
    expect(transfer.stdout).toMatch(
      /updated +lee\.acrc \(line 3\): 이름 name: 이권익 → 이행안; 기관 agency: 1140100 → 1741000; 부서 department: 민원정책과 → 디지털정부과/,
    );
    expect(await person('lee.acrc')).toMatchObject({
      display_name: '이행안',
      agency: '1741000',
      department: '디지털정부과',
    });
  });

  it("with --sync disables those of the file's agencies it leaves out, ending their sessions; a dry run prints the same and writes nothing", async () => {
    const file = [
      acrc('민원조사과', 'park.acrc', '박권익', 'member;complaint_investigator'),
      acrc('민원조사과', 'new.acrc', '신권익'),
    ];
    // choi.acrc is in 국민권익위원회 but not in the file; kim.mois and lee.acrc are in 행정안전부, which the file does not describe.
    expect((await importFile('choi.csv', [acrc('민원조사과', 'choi.acrc', '최권익')])).code).toBe(0);
    await running.app.get(DirectoryService).setPassword('choi.acrc', TEST_PASSWORD);
    const session = await running.app.get(AuthService).login('choi.acrc', TEST_PASSWORD, '127.0.0.1');
    const before = await query(`SELECT id, updated_at, disabled_at, department_id FROM users ORDER BY id`);

    const dry = await importFile('sync.csv', file, '--sync', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^ORG_CHART_CHECKED: /);
    expect(dry.stdout).toContain('users: 1 created, 0 updated, 1 unchanged, 1 disabled');
    expect(dry.stdout).toMatch(/created +new\.acrc \(line 3\)\n +disabled +choi\.acrc \(파일에 없음 not in the file\)/);
    expect(await query(`SELECT id, updated_at, disabled_at, department_id FROM users ORDER BY id`)).toEqual(before);
    expect(await logins()).not.toContain('new.acrc');
    await expect(running.app.get(AccessTokenService).verify(session.accessToken)).resolves.toMatchObject({
      sessionId: expect.any(String),
    });

    const synced = await importFile('sync.csv', file, '--sync');
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain('users: 1 created, 0 updated, 1 unchanged, 1 disabled');
    expect(await person('choi.acrc')).toMatchObject({ disabled: true });
    expect(await person('lee.acrc')).toMatchObject({ disabled: false });
    expect(await person('kim.mois')).toMatchObject({ disabled: false });
    await expect(running.app.get(AccessTokenService).verify(session.accessToken)).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });
    await expect(running.app.get(AuthService).refresh(session.refreshToken)).rejects.toMatchObject({
      code: 'REFRESH_TOKEN_REUSED',
    });
    await expect(running.app.get(AuthService).login('choi.acrc', TEST_PASSWORD, '127.0.0.1')).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });

    // Listed again, a disabled person stays disabled, and the report says so.
    const back = await importFile('back.csv', [...file, acrc('민원조사과', 'choi.acrc', '최권익')]);
    expect(back.stdout).toContain('users: 0 created, 0 updated, 3 unchanged, 0 disabled');
    expect(back.stdout).toMatch(/in the file but disabled \(an import does not enable anyone again\): choi\.acrc/);
    expect(await person('choi.acrc')).toMatchObject({ disabled: true });
  });

  it('gives a new password, ending every session of the person, and disables someone by sign-in name', async () => {
    await running.app.get(DirectoryService).setPassword('kim.mois', TEST_PASSWORD);
    const auth = running.app.get(AuthService);
    const tokens = running.app.get(AccessTokenService);
    const before = await auth.login('kim.mois', TEST_PASSWORD, '127.0.0.1');
    const reset = await admin(['user', 'password', '--login', 'kim.mois']);
    expect(reset.code).toBe(0);
    await expect(tokens.verify(before.accessToken)).rejects.toMatchObject({ code: 'PASSWORD_CHANGED' });

    await running.app.get(DirectoryService).setPassword('kim.mois', TEST_PASSWORD);
    const session = await auth.login('kim.mois', TEST_PASSWORD, '127.0.0.1');
    const disabled = await admin(['user', 'disable', 'KIM.MOIS']);
    expect([disabled.code, disabled.stderr]).toEqual([0, '']);
    expect(disabled.stdout).toMatch(/^USER_DISABLED: [^/]*[가-힣][^/]* \/ disabled kim\.mois/);
    expect(await person('kim.mois')).toMatchObject({ disabled: true });
    await expect(tokens.verify(session.accessToken)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    await expect(auth.login('kim.mois', TEST_PASSWORD, '127.0.0.1')).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });
    // Again changes nothing; someone unknown is a coded refusal.
    expect((await admin(['user', 'disable', 'kim.mois'])).code).toBe(0);
    const unknown = await admin(['user', 'disable', 'nobody.here']);
    expect([unknown.code, /^error ([A-Z_]+):/.exec(unknown.stderr)?.[1]]).toEqual([1, 'USER_NOT_FOUND']);
  });
});
