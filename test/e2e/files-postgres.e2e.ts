import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { STORAGE_DRIVER, type StorageDriver } from '../../src/files/storage/storage.driver.js';
import type { RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually, uploadChunked } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

const LIMIT = 4 * 1024 * 1024;

describe('files in PostgreSQL large objects (FILES_DRIVER=postgres)', () => {
  let app: TestApp;
  let kim: ApiClient;
  let outsider: ApiClient;
  let room: RoomView;

  const upload = (client: ApiClient, name: string, bytes: Buffer) =>
    uploadChunked(app.baseUrl, client, room.id, name, bytes);
  const stored = () =>
    withAdmin(app.config.database.url, async (c) => {
      const objects = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_largeobject_metadata`);
      const rows = await c.query<{ n: string }>(`SELECT count(*) AS n FROM file_large_objects`);
      return { objects: Number(objects.rows[0]?.n), rows: Number(rows.rows[0]?.n) };
    });

  beforeAll(async () => {
    app = await startTestApp(
      await createTestConfig({ roles: ['api'], env: { FILES_DRIVER: 'postgres', FILES_MAX_BYTES: String(LIMIT) } }),
    );
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    await factory.user(acrc, { login: 'choi.acrc', displayName: '최외부' });
    [kim, outsider] = await Promise.all(['kim.mois', 'choi.acrc'].map((l) => ApiClient.signIn(app.baseUrl, l)));
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '자료실', userIds: [] })).body;
  });

  afterAll(async () => {
    await app.close();
  });

  it('streams a 3 MiB upload into a large object and back, byte for byte, to members only', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    const before = await stored();
    const up = await upload(kim, '영상회의 녹화.bin', bytes);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await stored()).toEqual({ objects: before.objects + 1, rows: before.rows + 1 });

    const download = await fetch(`${app.baseUrl}/files/${up.body.id}/content`, {
      headers: { authorization: `Bearer ${kim.token}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(
      (
        await fetch(`${app.baseUrl}/files/${up.body.id}/content`, {
          headers: { authorization: `Bearer ${outsider.token}` },
        })
      ).status,
    ).toBe(404);
    // Each download ran in its own transaction and gave its connection back.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const again = await fetch(`${app.baseUrl}/files/${up.body.id}/content`, {
          headers: { authorization: `Bearer ${kim.token}` },
        });
        expect(
          createHash('sha256')
            .update(Buffer.from(await again.arrayBuffer()))
            .digest('hex'),
        ).toBe(up.body.sha256);
      }),
    );
  });

  it('keeps nothing of an upload over the limit, or of an empty one', async () => {
    const before = await stored();
    const tooBig = await upload(kim, 'big.bin', randomBytes(LIMIT + 65_536));
    expect([tooBig.status, tooBig.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
    const empty = await upload(kim, 'empty.bin', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('a download stopped halfway releases its transaction; the driver reports its health', async () => {
    const up = await upload(kim, 'half.bin', randomBytes(2 * 1024 * 1024));
    const driver = app.app.get<StorageDriver>(STORAGE_DRIVER);
    const key = await withAdmin(
      app.config.database.url,
      async (c) =>
        (await c.query<{ storage_key: string }>(`SELECT storage_key FROM files WHERE id = $1`, [up.body.id])).rows[0]
          ?.storage_key,
    );
    const stream = await driver.read(key ?? '');
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    expect(stream.destroyed).toBe(true);
    const idle = () =>
      withAdmin(app.config.database.url, async (c) =>
        Number(
          (
            await c.query<{ n: string }>(
              `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
            )
          ).rows[0]?.n,
        ),
      );
    await eventually(async () => expect(await idle()).toBe(0), 5_000);
    expect(await driver.checkConnection()).toMatchObject({ ok: true });
  });
});
