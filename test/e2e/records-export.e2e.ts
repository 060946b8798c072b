import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create, extract } from 'tar';
import { DemoSeedService } from '../../src/bootstrap/demo-seed.service.js';
import type { Manifest } from '../../src/records-export/manifest.js';
import { withAdmin } from '../setup/services.js';
import { runAdminCli } from '../utils/admin-cli.js';
import { ApiClient } from '../utils/clients.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const MOIS = '1741000';

describe('records export: the demo agency leaves as one verified archive', () => {
  let app: TestApp;
  let dir: string;
  let archive: string;
  let manifest: Manifest;
  let unpacked: string;
  let agencyId: string;
  const from = DateTime.now().setZone('Asia/Seoul').minus({ days: 1 }).toISODate() ?? '';
  const to = DateTime.now().setZone('Asia/Seoul').plus({ days: 40 }).toISODate() ?? '';

  const sql = async <T extends object>(text: string, params: unknown[] = []) =>
    (await withAdmin(app.config.database.url, (c) => c.query<T>(text, params))).rows;
  const count = async (text: string) => Number((await sql<{ n: string }>(text, [agencyId]))[0]?.n);
  const lines = async (name: string) =>
    (await readFile(path.join(unpacked, 'data', `${name}.jsonl`), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ieum-export-'));
    app = await startTestApp(
      await createTestConfig({ roles: ['api', 'worker'], env: { SEED_DEMO: 'true', IEUM_DATA_DIR: dir } }),
    );
    const seeded = await app.app.get(DemoSeedService).seedIfEmpty();
    expect(seeded?.created).toBe(true);
    await waitForJobs(app.app);
    agencyId = (await sql<{ id: string }>(`SELECT id FROM agencies WHERE code = $1`, [MOIS]))[0]?.id ?? '';
    // Two files in the demo's room: a small one travels in the archive, a larger one by checksum.
    const kim = await ApiClient.signIn(app.baseUrl, 'kim.mois', seeded?.password ?? '');
    const [room] = await sql<{ id: string }>(
      `SELECT r.id FROM rooms r JOIN room_members m ON m.room_id = r.id JOIN users u ON u.id = m.user_id WHERE u.login = 'kim.mois' AND r.kind <> 'direct' LIMIT 1`,
    );
    for (const [name, bytes] of [
      ['작은.txt', Buffer.from('작은 파일')],
      ['큰.bin', Buffer.alloc(4096, 7)],
    ] as const) {
      const res = await fetch(`${app.baseUrl}/rooms/${room?.id}/files?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${kim.token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      expect(res.status).toBe(201);
    }
    // An agency topic wall open to anonymous posts, with one signed and one anonymous post.
    const admin = await ApiClient.signIn(app.baseUrl, 'admin', seeded?.password ?? '');
    const wall = await admin.call<{ id: string }>('POST', '/walls', {
      name: '행안부 제안함',
      allowAnonymous: true,
      agencyOnly: true,
    });
    expect(wall.status).toBe(201);
    expect(
      (
        await kim.call('POST', `/walls/${wall.body.id}/posts`, {
          body: '익명 제안입니다.',
          anonymous: true,
          clientKey: 'export-anon',
        })
      ).status,
    ).toBe(201);
    expect(
      (await kim.call('POST', `/walls/${wall.body.id}/posts`, { body: '실명 제안입니다.', clientKey: 'export-signed' }))
        .status,
    ).toBe(201);
    const out = await runAdminCli(
      app.config,
      ['export', '--agency', MOIS, '--from', from, '--to', to, '--out', dir, '--inline-limit', '1024'],
      { IEUM_DATA_DIR: dir },
    );
    expect([out.code, out.stderr]).toEqual([0, '']);
    archive = out.stdout.split('\n')[0] ?? '';
    expect(path.basename(archive)).toBe(`ieum-records-${MOIS}-${from}-${to}.tar.gz`);
    unpacked = await mkdtemp(path.join(tmpdir(), 'ieum-unpacked-'));
    await extract({ file: archive, cwd: unpacked });
    manifest = JSON.parse(await readFile(path.join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
  }, 240_000);

  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
    await rm(unpacked, { recursive: true, force: true });
  });

  it('holds as many records of each kind as the database has for the agency and the range', async () => {
    const records = Object.fromEntries(
      manifest.files.filter((f) => f.records !== undefined).map((f) => [f.path, f.records]),
    );
    const rooms = `SELECT r.id FROM rooms r WHERE r.agency_id = $1 OR r.id IN (SELECT m.room_id FROM room_members m JOIN users u ON u.id = m.user_id WHERE u.agency_id = $1)`;
    const expected = {
      'data/rooms.jsonl': await count(`SELECT count(*) AS n FROM (${rooms}) x`),
      'data/messages.jsonl': await count(`SELECT count(*) AS n FROM messages WHERE room_id IN (${rooms})`),
      'data/files.jsonl': await count(`SELECT count(*) AS n FROM files WHERE room_id IN (${rooms})`),
      'data/tasks.jsonl': await count(
        `SELECT count(*) AS n FROM tasks t WHERE t.owner_agency_id = $1 OR t.id IN (SELECT task_id FROM task_agencies WHERE agency_id = $1)`,
      ),
      'data/memos.jsonl': await count(
        `SELECT count(*) AS n FROM memos m WHERE m.author_agency_id = $1 OR m.id IN (SELECT memo_id FROM memo_recipients WHERE agency_id = $1)`,
      ),
      'data/wall_posts.jsonl': await count(
        `SELECT count(*) AS n FROM wall_posts p JOIN walls w ON w.id = p.wall_id JOIN users u ON u.id = p.author_id WHERE w.agency_id = $1 OR (NOT p.anonymous AND u.agency_id = $1)`,
      ),
      'data/meetings.jsonl': await count(`SELECT count(*) AS n FROM meetings WHERE agency_id = $1`),
      'data/consultations.jsonl': await count(`SELECT count(*) AS n FROM consultations WHERE agency_id = $1`),
    };
    expect(records).toEqual(expected);
    // The demo has something of each kind the agency takes part in.
    for (const name of ['rooms', 'messages', 'files', 'tasks', 'memos', 'wall_posts', 'meetings'])
      expect(records[`data/${name}.jsonl`]).toBeGreaterThan(0);
    expect(manifest.agency.code).toBe(MOIS);
  });

  it('carries memo opinions, meeting attendance lists and threads, and leaves out who wrote an anonymous post', async () => {
    const memos = await lines('memos');
    expect(
      memos.some((m) =>
        (m.recipients as Array<{ opinion: string | null }>).some((r) => r.opinion?.includes('120 다산콜')),
      ),
    ).toBe(true);
    const meetings = await lines('meetings');
    expect(meetings.every((m) => Array.isArray(m.participants) && Array.isArray(m.attendance))).toBe(true);
    expect((await lines('messages')).every((m) => 'thread_root_id' in m)).toBe(true);
    const posts = await lines('wall_posts');
    const anonymous = posts.filter((p) => p.anonymous === true);
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous.every((p) => p.author_id === null && p.author_login === null)).toBe(true);
    // The anonymous demo post on the government-wide wall is not this agency's to archive.
    expect(posts.some((p) => String(p.body).includes('민원 서식'))).toBe(false);
    expect(posts.find((p) => p.body === '실명 제안입니다.')).toMatchObject({
      anonymous: false,
      author_login: 'kim.mois',
    });
  });

  it('puts small files in the archive and lists larger ones by checksum', async () => {
    const files = await lines('files');
    const small = files.find((f) => f.name === '작은.txt');
    const large = files.find((f) => f.name === '큰.bin');
    expect(small?.content).toBe(`files/${String(small?.id)}`);
    expect(await readFile(path.join(unpacked, String(small?.content)), 'utf8')).toBe('작은 파일');
    expect(large).toMatchObject({ content: null, size: '4096' });
    expect(large?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(files.every((f) => !('storage_key' in f))).toBe(true);
  });

  it('is itself an access record', async () => {
    const rows = await sql<{ action: string; subject_id: string; detail: string }>(
      `SELECT action, subject_id, detail FROM access_records WHERE action = 'records.exported'`,
    );
    expect(rows).toEqual([{ action: 'records.exported', subject_id: agencyId, detail: `${from}..${to}` }]);
  });

  it('`export verify` passes on the archive and fails on one with a changed byte', async () => {
    const ok = await runAdminCli(app.config, ['export', 'verify', archive]);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining(`OK: ${MOIS}`)]);
    const damaged = path.join(dir, 'damaged.tar.gz');
    await copyFile(archive, damaged);
    const bytes = await readFile(damaged);
    const at = Math.floor((await stat(damaged)).size / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    await writeFile(damaged, bytes);
    const bad = await runAdminCli(app.config, ['export', 'verify', damaged]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED /m);
    // A well-formed archive whose messages were edited after the export: the checksum names the file.
    const edited = path.join(unpacked, 'data', 'messages.jsonl');
    await writeFile(edited, (await readFile(edited, 'utf8')).replace(/"body":"/, '"body":"X'));
    const repacked = path.join(dir, 'repacked.tar.gz');
    await create({ gzip: true, file: repacked, cwd: unpacked }, [
      'manifest.json',
      ...manifest.files.map((f) => f.path),
    ]);
    const forged = await runAdminCli(app.config, ['export', 'verify', repacked]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toMatch(/^FAILED data\/messages\.jsonl: SHA-256 /m);
  }, 180_000);
});
