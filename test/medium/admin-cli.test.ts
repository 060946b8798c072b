import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testServices, withAdmin } from '../setup/services.js';
import { createTestDatabase } from '../utils/test-app.js';

const HEADER = 'agency_code,agency_name,agency_kind,parent_code,department,login,display_name,email,position,roles';

describe('admin CLI', () => {
  let databaseUrl: string;
  let dir: string;

  const admin = (...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['dist/src/cli.js', ...args], {
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, REDIS_URL: testServices().redisUrl, BUS_PREFIX: `cli${randomBytes(3).toString('hex')}`, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });

  const logins = async () => (await withAdmin(databaseUrl, (c) => c.query<{ login: string }>(`SELECT login FROM users WHERE kind = 'staff' ORDER BY login`))).rows.map((r) => r.login);

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'ieum-cli-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists its commands', async () => {
    const help = await admin('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run admin --');
    expect(help.stdout).toMatch(/^ +agency +.*\n +user +.*\n +org +/m);
  });

  it('creates an agency and a user, who is then in the database', async () => {
    expect((await admin('agency', 'create', '--code', '1741000', '--name', '행정안전부', '--kind', 'central_ministry')).code).toBe(0);
    const user = await admin('user', 'create', '--login', 'kim.mois', '--name', '김행안', '--agency', '1741000', '--department', '협업정책과');
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/password: \S{12,}/);
    expect(await logins()).toContain('kim.mois');
  });

  it('refuses bad input with one coded line and no stack trace', async () => {
    const attempts = await Promise.all([
      admin('agency', 'create', '--code', '9999999', '--name', '없는기관', '--kind', 'ministry'),
      admin('user', 'create', '--login', 'nobody', '--name', '무소속', '--agency', '0000000'),
      admin('user', 'create', '--login', 'kim.mois', '--name', '김중복', '--agency', '1741000'),
    ]);
    expect(attempts.map((a) => [a.code, a.stderr.trim().split('\n').length])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(attempts.map((a) => /^error ([A-Z_]+):/.exec(a.stderr)?.[1])).toEqual(['VALIDATION_FAILED', 'AGENCY_NOT_FOUND', 'LOGIN_TAKEN']);
    expect(attempts[0]?.stderr).toContain('--kind: must be one of');
    expect(await logins()).not.toContain('nobody');
  });

  it('imports nothing from a CSV with a bad row, naming the line, and everything from a good one', async () => {
    const rows = [
      HEADER,
      '1140100,국민권익위원회,central_ministry,,민원조사과,park.acrc,박권익,park@acrc.go.kr,조사관,member;complaint_investigator',
      '1140100,국민권익위원회,central_ministry,,민원조사과,lee.acrc,이권익,,,member',
      '1140100,국민권익위원회,central_ministry,,민원조사과,choi.acrc,최권익,,,emperor',
    ];
    const fromFile = async () => (await logins()).filter((login) => login.endsWith('.acrc'));
    const acrc = async () => (await withAdmin(databaseUrl, (c) => c.query(`SELECT 1 FROM agencies WHERE code = '1140100'`))).rowCount;

    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, `${rows.join('\n')}\n`);
    const refused = await admin('org', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^line 4: .*emperor/m);
    expect(refused.stderr).not.toMatch(/^line [23]:/m);
    expect(refused.stderr).toContain('nothing imported');
    expect(await fromFile()).toEqual([]);
    expect(await acrc()).toBe(0);

    const good = path.join(dir, 'good.csv');
    await writeFile(good, `${rows.slice(0, 3).join('\n')}\n`);
    const imported = await admin('org', 'import', good);
    expect(imported.stderr).not.toMatch(/line \d+:/);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 1 agencies, 1 departments, 2 users');
    expect(await fromFile()).toEqual(['lee.acrc', 'park.acrc']);
    expect(await acrc()).toBe(1);
  });
});
