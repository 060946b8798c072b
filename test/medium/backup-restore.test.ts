import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AccessRecordRepository } from '../../src/audit/access-record.repository.js';
import { DemoSeedService } from '../../src/bootstrap/demo-seed.service.js';
import type { ResolvedAppConfig } from '../../src/config/app-config.js';
import { databaseUrl, testServices, withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const run = promisify(execFile);

/** pg_dump and pg_restore of the server's own major version (Debian keeps each under /usr/lib/postgresql/<major>/bin). */
async function postgresTools(url: string): Promise<{ dump: string; restore: string }> {
  const major = await withAdmin(url, async (c) =>
    Math.floor(
      Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v) / 10_000,
    ),
  );
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(path.join(bin, 'pg_dump')))
    throw new Error(`no pg_dump for PostgreSQL ${major} in ${bin}: install postgresql-client-${major}`);
  return { dump: path.join(bin, 'pg_dump'), restore: path.join(bin, 'pg_restore') };
}

/** Rows in every table of the public schema, and the large objects (files kept in PostgreSQL). */
async function counts(url: string): Promise<Record<string, number>> {
  return withAdmin(url, async (c) => {
    const tables = (
      await c.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).rows;
    const out: Record<string, number> = {};
    for (const t of tables)
      out[t.name] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0]?.n);
    out['(large objects)'] = Number(
      (await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_largeobject_metadata`)).rows[0]?.n,
    );
    return out;
  });
}

describe('backup and restore: pg_dump of a migrated, seeded database restored into a fresh one runs Ieum with nothing missing', () => {
  let dir: string;
  let config: ResolvedAppConfig;
  let restoredUrl: string;
  let password: string;
  let before: Record<string, number>;
  let restored: TestApp | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ieum-backup-'));
    config = await createTestConfig({
      roles: ['api', 'worker'],
      env: { SEED_DEMO: 'true', IEUM_DATA_DIR: dir, FILES_DRIVER: 'postgres' },
    });
    const original = await startTestApp(config);
    try {
      const seeded = await original.app.get(DemoSeedService).seedIfEmpty();
      password = seeded?.password ?? '';
      const kim = await ApiClient.signIn(original.baseUrl, 'kim.mois', password);
      const [room] = (
        await withAdmin(config.database.url, (c) =>
          c.query<{ id: string }>(
            `SELECT r.id FROM rooms r JOIN room_members m ON m.room_id = r.id JOIN users u ON u.id = m.user_id WHERE u.login = 'kim.mois' AND r.kind <> 'direct' LIMIT 1`,
          ),
        )
      ).rows;
      const res = await fetch(`${original.baseUrl}/rooms/${room?.id}/files?name=backup.txt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${kim.token}`, 'content-type': 'text/plain' },
        body: '백업에서 돌아온 파일',
      });
      expect(res.status).toBe(201);
      // A role change: an access record in the hash chain.
      const admin = await ApiClient.signIn(original.baseUrl, 'admin', password);
      const [kimRow] = (
        await withAdmin(config.database.url, (c) =>
          c.query<{ id: string }>(`SELECT id FROM users WHERE login = 'kim.mois'`),
        )
      ).rows;
      expect(
        (
          await admin.call('PUT', `/admin-api/users/${kimRow?.id}/roles`, {
            roles: ['member', 'complaint_investigator'],
          })
        ).status,
      ).toBe(200);
      await waitForJobs(original.app);
    } finally {
      await original.close();
    }
    before = await counts(config.database.url);
    const tools = await postgresTools(config.database.url);
    const dump = path.join(dir, 'ieum.dump');
    await run(tools.dump, ['--format=custom', `--file=${dump}`, `--dbname=${config.database.url}`]);
    const fresh = `${new URL(config.database.url).pathname.slice(1)}_restored`;
    await withAdmin(testServices().adminUrl, (c) => c.query(`CREATE DATABASE "${fresh}" TEMPLATE template0`));
    restoredUrl = databaseUrl(testServices().adminUrl, fresh);
    await run(tools.restore, ['--no-owner', '--exit-on-error', `--dbname=${restoredUrl}`, dump]);
  }, 180_000);

  afterAll(async () => {
    await restored?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has every row of every table, and every stored file, in the restored database', async () => {
    expect(before['messages']).toBeGreaterThan(0);
    expect(before['(large objects)']).toBeGreaterThan(0);
    expect(before['access_records']).toBeGreaterThan(0);
    expect(await counts(restoredUrl)).toEqual(before);
  });

  it('runs Ieum on the restored database: sign-in, the file, the chain, and new writes', async () => {
    restored = await startTestApp({ ...config, database: { ...config.database, url: restoredUrl } });
    const kim = await ApiClient.signIn(restored.baseUrl, 'kim.mois', password);
    const [file] = (
      await withAdmin(restoredUrl, (c) => c.query<{ id: string }>(`SELECT id FROM files WHERE name = 'backup.txt'`))
    ).rows;
    const download = await fetch(`${restored.baseUrl}/files/${file?.id}/content`, {
      headers: { authorization: `Bearer ${kim.token}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('백업에서 돌아온 파일');
    expect(await restored.app.get(AccessRecordRepository).verify()).toMatchObject({
      ok: true,
      count: before['access_records'],
    });
    // Identity sequences came back with the data: new rows take fresh ids.
    const [room] = (
      await withAdmin(restoredUrl, (c) =>
        c.query<{ id: string }>(
          `SELECT r.id FROM rooms r JOIN room_members m ON m.room_id = r.id JOIN users u ON u.id = m.user_id WHERE u.login = 'kim.mois' AND r.kind <> 'direct' LIMIT 1`,
        ),
      )
    ).rows;
    const sent = await kim.call('POST', `/rooms/${room?.id}/messages`, {
      body: '복원 후 첫 메시지',
      clientMessageId: 'after-restore-1',
    });
    expect(sent.status).toBe(201);
  }, 60_000);
});
