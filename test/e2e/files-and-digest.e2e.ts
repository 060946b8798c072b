import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { FileView } from '../../src/files/file.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { DigestService } from '../../src/notifications/digest.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;
// The first bytes of a PNG: what the file is, whatever the client says.
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);

async function upload(
  client: ApiClient,
  roomId: string,
  name: string,
  bytes: Buffer | ReadableStream,
  contentType = 'application/octet-stream',
) {
  const res = await fetch(`${client.baseUrl}/rooms/${roomId}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': contentType },
    body: bytes,
    duplex: 'half',
  });
  return { status: res.status, body: (await res.json()) as FileView & { code?: string } };
}

describe('files and offline digests', () => {
  let app: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let outsider: ApiClient;
  let room: RoomView;
  let ids: Record<'kim' | 'lee', string>;

  beforeAll(async () => {
    app = await startTestApp(
      await createTestConfig({ env: { FILES_MAX_BYTES: String(64 * 1024), DIGEST_QUIET_MINUTES: '10' } }),
    );
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const other = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    const kimUser = await factory.user(mois, { login: 'kim.mois', displayName: '김행안', email: 'kim@mois.go.kr' });
    const leeUser = await factory.user(mois, { login: 'lee.mois', displayName: '이행안', email: 'lee@mois.go.kr' });
    await factory.user(other, { login: 'choi.acrc', displayName: '최외부' });
    ids = { kim: kimUser.id, lee: leeUser.id };
    [kim, lee, outsider] = await Promise.all(
      ['kim.mois', 'lee.mois', 'choi.acrc'].map((l) => ApiClient.signIn(app.baseUrl, l)),
    );
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '자료실', userIds: [ids.lee] })).body;
  });

  afterAll(async () => {
    await app.close();
  });

  it('sniffs the type from the bytes, attaches to a message and streams back to members only', async () => {
    const up = await upload(kim, room.id, '보고서 그림.png', PNG, 'text/html');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name: '보고서 그림.png', contentType: 'image/png', size: PNG.length });

    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '',
      fileIds: [up.body.id],
    });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toEqual([
      { id: up.body.id, name: '보고서 그림.png', contentType: 'image/png', size: PNG.length },
    ]);

    const download = await fetch(`${app.baseUrl}/files/${up.body.id}/content`, {
      headers: { authorization: `Bearer ${lee.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('보고서 그림.png')}`,
    );
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);

    const refused = await fetch(`${app.baseUrl}/files/${up.body.id}/content`, {
      headers: { authorization: `Bearer ${outsider.token}` },
    });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { code: string }).code).toBe('FILE_NOT_FOUND');
    expect((await outsider.call('GET', `/files/${up.body.id}`)).status).toBe(404);
    expect((await upload(outsider, room.id, 'x.txt', Buffer.from('hello'))).status).toBe(404);

    // A file cannot be attached twice, nor by someone else.
    const again = await lee.call<{ code: string }>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '재첨부',
      fileIds: [up.body.id],
    });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('FILE_NOT_ATTACHABLE');
  });

  it('serves a file not yet attached to its uploader alone, and no file of a deleted message', async () => {
    const status = async (client: ApiClient, fileId: string) => {
      const content = await fetch(`${app.baseUrl}/files/${fileId}/content`, {
        headers: { authorization: `Bearer ${client.token}` },
      });
      const body = (await content.json().catch(() => ({}))) as { code?: string };
      return [
        content.status,
        content.status === 200 ? null : body.code,
        (await client.call<{ code?: string }>('GET', `/files/${fileId}`)).status,
      ];
    };
    const loose = await upload(kim, room.id, '초안.txt', Buffer.from('아직 보내지 않은 초안'));
    expect(loose.status).toBe(201);
    expect(await status(kim, loose.body.id)).toEqual([200, null, 200]);
    expect(await status(lee, loose.body.id)).toEqual([404, 'FILE_NOT_FOUND', 404]);

    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '초안 공유',
      fileIds: [loose.body.id],
    });
    expect(sent.status).toBe(201);
    expect(await status(lee, loose.body.id)).toEqual([200, null, 200]);

    expect((await kim.call('DELETE', `/messages/${sent.body.id}`)).status).toBe(204);
    expect(await status(lee, loose.body.id)).toEqual([404, 'FILE_NOT_FOUND', 404]);
    expect(await status(kim, loose.body.id)).toEqual([404, 'FILE_NOT_FOUND', 404]);
  });

  it('refuses a file over the limit while it streams, and keeps nothing of it', async () => {
    const big = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new Uint8Array(1024).fill(65));
        controller.close();
      },
    });
    const res = await upload(kim, room.id, 'big.txt', big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    const count = await withAdmin(
      app.config.database.url,
      async (c) => (await c.query<{ n: string }>(`SELECT count(*) AS n FROM files WHERE name = 'big.txt'`)).rows[0]?.n,
    );
    expect(count).toBe('0');
    const text = await upload(kim, room.id, 'memo.txt', Buffer.from('회의 메모입니다', 'utf8'));
    expect(text.body.contentType).toBe('text/plain; charset=utf-8');
  });

  it('mails an away user one digest of unread mentions and direct messages after the quiet period', async () => {
    const direct = (await kim.call<RoomView>('POST', '/rooms/direct', { userId: ids.lee })).body;
    await kim.call('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '@lee.mois 내일까지 검토 부탁드립니다',
    });
    await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '멘션 없는 일반 메시지' });
    await kim.call('POST', `/rooms/${direct.id}/messages`, { clientMessageId: cid(), body: '잠깐 통화 가능하세요?' });
    const digest = app.app.get(DigestService);

    expect(await digest.sweep(new Date(Date.now() + 5 * 60_000))).toBe(0);
    expect(await digest.sweep(new Date(Date.now() + 11 * 60_000))).toBeGreaterThanOrEqual(1);
    await waitForJobs(app.app);
    const mails = await withAdmin(
      app.config.database.url,
      async (c) =>
        (
          await c.query<{ to_address: string; text_body: string; status: string }>(
            `SELECT to_address, text_body, status FROM outbound_mails WHERE kind = 'digest'`,
          )
        ).rows,
    );
    const toLee = mails.filter((m) => m.to_address === 'lee@mois.go.kr');
    expect(toLee).toHaveLength(1);
    expect(toLee[0]?.status).toBe('sent');
    expect(toLee[0]?.text_body).toContain('내일까지 검토');
    expect(toLee[0]?.text_body).toContain('잠깐 통화');
    expect(toLee[0]?.text_body).not.toContain('멘션 없는 일반');
    // A second sweep finds nothing new: nothing is mailed twice.
    await digest.sweep(new Date(Date.now() + 12 * 60_000));
    const after = await withAdmin(
      app.config.database.url,
      async (c) =>
        (await c.query<{ n: string }>(`SELECT count(*) AS n FROM outbound_mails WHERE to_address = 'lee@mois.go.kr'`))
          .rows[0]?.n,
    );
    expect(after).toBe('1');
  });
});
