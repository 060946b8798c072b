import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { STORAGE_DRIVER, type StorageDriver } from '../../src/files/storage/storage.driver.js';
import type { RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient, uploadChunked } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

const LIMIT = 20 * 1024 * 1024;
const BUCKET = 'ieum-files';

/** Files in an S3-compatible bucket, against s3rver: a local server speaking the S3 REST API over HTTP. */
describe('files in an S3-compatible bucket (FILES_DRIVER=s3)', () => {
  let dir: string;
  let server: S3rver;
  let s3: S3Client;
  let app: TestApp;
  let kim: ApiClient;
  let outsider: ApiClient;
  let room: RoomView;

  const upload = (client: ApiClient, name: string, bytes: Buffer) =>
    uploadChunked(app.baseUrl, client, room.id, name, bytes);
  const objects = async () => (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount ?? 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ieum-s3-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const config = await createTestConfig({
      roles: ['api'],
      env: {
        FILES_DRIVER: 's3',
        FILES_MAX_BYTES: String(LIMIT),
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: endpoint,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
      },
    });
    app = await startTestApp(config);
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
    s3.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams uploads of one PUT and of many parts into the bucket and back, byte for byte, to members only', async () => {
    for (const size of [3 * 1024 * 1024, 18 * 1024 * 1024]) {
      const bytes = randomBytes(size);
      const before = await objects();
      const up = await upload(kim, `자료-${size}.bin`, bytes);
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ size, sha256: createHash('sha256').update(bytes).digest('hex') });
      expect(await objects()).toBe(before + 1);
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
    }
  });

  it('keeps nothing of an upload over the limit, or of an empty one; reports its health', async () => {
    const before = await objects();
    const tooBig = await upload(kim, 'big.bin', randomBytes(LIMIT + 65_536));
    expect([tooBig.status, tooBig.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
    const empty = await upload(kim, 'empty.bin', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(await objects()).toBe(before);
    expect(await app.app.get<StorageDriver>(STORAGE_DRIVER).checkConnection()).toEqual({
      ok: true,
      detail: `bucket ${BUCKET} reachable`,
    });
  });
});
