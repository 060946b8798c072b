import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { AuthType, createClient, type WebDAVClient } from 'webdav';
import { v2 as webdav } from 'webdav-server';
import { JobName, QueueName } from '../../src/bus/bus.constants.js';
import { QueueService } from '../../src/bus/queue.service.js';
import { DocumentSyncService } from '../../src/documents/document-sync.service.js';
import type { DocumentLinkView } from '../../src/documents/document.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, commandOutcome } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;
const DAV_USER = 'kim-dav';
/** Another account on the same server, whose password the server stops taking. */
const SECOND_USER = 'team-dav';
// Random, so finding it anywhere (an answer, a log line, a row) can only mean it leaked.
const DAV_PASSWORD = `pw-${randomBytes(12).toString('hex')}`;

type Who = 'kim' | 'lee' | 'choi';

/** A real WebDAV server (webdav-server) on 127.0.0.1 with HTTP basic authentication and one user. */
async function startDav(): Promise<{ server: webdav.WebDAVServer; http: Server; url: string; second: webdav.IUser }> {
  const users = new webdav.SimpleUserManager();
  const user = users.addUser(DAV_USER, DAV_PASSWORD, false);
  const second = users.addUser(SECOND_USER, DAV_PASSWORD, false);
  const privileges = new webdav.SimplePathPrivilegeManager();
  privileges.setRights(user, '/', ['all']);
  privileges.setRights(second, '/', ['all']);
  const server = new webdav.WebDAVServer({
    port: 0,
    hostname: '127.0.0.1',
    httpAuthentication: new webdav.HTTPBasicAuthentication(users, 'ieum-test'),
    privilegeManager: privileges,
  });
  // Below a base path, as on most document systems (Nextcloud: /remote.php/dav/files/<user>).
  await server.setFileSystemAsync('/dav', new webdav.VirtualFileSystem());
  const http = await server.startAsync(0);
  const address = http.address();
  if (!address || typeof address !== 'object') throw new Error('webdav-server did not listen');
  return { server, http, url: `http://127.0.0.1:${address.port}/dav`, second };
}

describe('documents: a room linked to a WebDAV folder', () => {
  let dav: Awaited<ReturnType<typeof startDav>>;
  let folder: WebDAVClient;
  let api: TestApp;
  let worker: TestApp;
  let room: RoomView;
  const clients = {} as Record<Who, ApiClient>;
  const ids = {} as Record<Who, string>;
  const logs: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  let sweeps = 0;

  const say = async (
    who: Who,
    body: string,
    extra: { fileIds?: string[]; roomId?: string } = {},
  ): Promise<MessageView> => {
    const sent = await clients[who].call<MessageView>('POST', `/rooms/${extra.roomId ?? room.id}/messages`, {
      clientMessageId: cid(),
      body,
      ...(extra.fileIds ? { fileIds: extra.fileIds } : {}),
    });
    expect(sent.status).toBe(201);
    return sent.body;
  };
  const command = async (who: Who, body: string, roomId?: string) => {
    const sent = await say(who, body, { roomId });
    const run = await commandOutcome(clients[who], sent.id);
    await waitForJobs(worker.app);
    return run;
  };
  const botMessages = async (roomId = room.id) =>
    (await clients.kim.call<MessageView[]>('GET', `/rooms/${roomId}/messages?limit=100`)).body.filter(
      (m) => m.kind === 'bot',
    );
  const announcements = async (roomId = room.id) => (await botMessages(roomId)).filter((m) => m.body.startsWith('📁'));
  /** What the scheduler does every DOCUMENTS_SWEEP_MS, now, on the given worker. */
  const sweep = async (on: TestApp = worker) => {
    sweeps += 1;
    await on.app.get(QueueService).add(JobName.DocumentSweep, {}, { jobId: `docsweep-test-${sweeps}` });
    await waitForJobs(on.app);
  };
  const linkBody = (over: Partial<{ url: string; username: string; password: string; path: string }> = {}) => ({
    url: dav.url,
    username: DAV_USER,
    password: DAV_PASSWORD,
    path: '/공유',
    ...over,
  });

  beforeAll(async () => {
    // Every log line of both apps, at debug level, in the readable form that goes through process.stdout.
    process.stdout.write = (chunk: string | Uint8Array) => {
      logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    dav = await startDav();
    folder = createClient(`${dav.url}`, { authType: AuthType.Password, username: DAV_USER, password: DAV_PASSWORD });
    await folder.createDirectory('/공유/예산', { recursive: true });
    await folder.putFileContents('/공유/예산/2026 예산안.hwp', Buffer.from('예산안 본문 2026'));
    await folder.putFileContents('/공유/회의 안내.txt', Buffer.from('안내'));
    await folder.putFileContents('/outside.txt', Buffer.from('not in the linked folder'));

    // No scheduled sweep during the test: each sweep below is asked for, as the scheduler would.
    const config = await createTestConfig({
      env: { LOG_FORMAT: 'pretty', LOG_LEVEL: 'debug', DOCUMENTS_PARK_AFTER: '2', DOCUMENTS_SWEEP_MS: '86400000' },
    });
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    for (const [who, name] of [
      ['kim', '김행안'],
      ['lee', '이행안'],
      ['choi', '최행안'],
    ] as const) {
      ids[who] = (await factory.user(mois, { login: `${who}.docs`, displayName: name })).id;
      clients[who] = await ApiClient.signIn(api.baseUrl, `${who}.docs`);
    }
    room = (
      await clients.kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '예산 문서', userIds: [ids.lee] })
    ).body;
  });

  afterAll(async () => {
    process.stdout.write = write;
    await worker.close();
    await api.close();
    dav.http.closeAllConnections();
    await dav.server.stopAsync().catch(() => undefined);
  });

  it('links the room: owners only, wrong password and paths outside refused with codes; the password is in no answer, log or row', async () => {
    const byMember = await clients.lee.call<{ code: string }>('POST', `/rooms/${room.id}/documents/link`, linkBody());
    expect([byMember.status, byMember.body.code]).toEqual([403, 'NOT_ROOM_OWNER']);
    const wrong = await clients.kim.call<{ code: string; message: string }>(
      'POST',
      `/rooms/${room.id}/documents/link`,
      linkBody({ password: 'not-the-password' }),
    );
    expect([wrong.status, wrong.body.code]).toEqual([400, 'DOCUMENTS_AUTH_FAILED']);
    const outside = await clients.kim.call<{ code: string }>(
      'POST',
      `/rooms/${room.id}/documents/link`,
      linkBody({ path: '/공유/../..' }),
    );
    expect([outside.status, outside.body.code]).toEqual([400, 'DOCUMENTS_PATH_OUTSIDE']);
    const inAddress = await clients.kim.call<{ code: string }>(
      'POST',
      `/rooms/${room.id}/documents/link`,
      linkBody({ url: dav.url.replace('http://', `http://${DAV_USER}:${DAV_PASSWORD}@`) }),
    );
    expect([inAddress.status, inAddress.body.code]).toEqual([400, 'DOCUMENTS_BAD_ADDRESS']);
    expect((await clients.kim.call<{ code: string }>('GET', `/rooms/${room.id}/documents/link`)).body.code).toBe(
      'DOCUMENTS_NOT_LINKED',
    );

    const linked = await clients.kim.call<DocumentLinkView>('POST', `/rooms/${room.id}/documents/link`, linkBody());
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ url: dav.url, path: '/공유', username: DAV_USER, status: 'active' });
    const seen = await clients.lee.call<DocumentLinkView>('GET', `/rooms/${room.id}/documents/link`);
    expect(seen.body).toMatchObject({ url: dav.url, path: '/공유', username: DAV_USER });
    expect(JSON.stringify([byMember, wrong, outside, inAddress, linked, seen])).not.toContain(DAV_PASSWORD.slice(3));
    expect((await clients.choi.call('GET', `/rooms/${room.id}/documents/link`)).status).toBe(404);

    // The first sync records the folder as it is: nothing announced.
    await waitForJobs(worker.app);
    expect(await announcements()).toEqual([]);
    const rows = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ sealed: Buffer; entries: string }>(
            `SELECT l.password_sealed AS sealed, (SELECT count(*) FROM document_entries e WHERE e.link_id = l.id) AS entries FROM document_links l`,
          )
        ).rows,
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.entries)).toBe(2);
    expect(rows[0]?.sealed.includes(Buffer.from(DAV_PASSWORD))).toBe(false);
    expect(rows[0]?.sealed.includes(Buffer.from(DAV_PASSWORD.slice(3)))).toBe(false);
    // The capture sees the apps' own lines (this one names the link, not its credentials).
    expect(logs.join('')).toContain(`room ${room.id} linked to a document folder`);
    expect(logs.join('')).not.toContain(DAV_PASSWORD.slice(3));
  });

  it('/doc search lists matching documents of the folder only; /doc share posts a card whose download streams through Ieum for members', async () => {
    const found = await command('lee', '/doc search 예산');
    expect(found).toMatchObject({ status: 'done', errorCode: null });
    expect(found.reply).toContain('/예산/2026 예산안.hwp');
    expect(found.reply).not.toContain('outside');
    expect((await command('lee', '/문서 검색 없는단어')).reply).toContain('없습니다');

    const shared = await command('lee', '/doc share /예산/2026 예산안.hwp');
    expect(shared).toMatchObject({ status: 'done', ephemeral: false });
    const card = (await botMessages()).find((m) => m.body.startsWith('📄 2026 예산안.hwp'));
    expect(card?.body).toContain(`크기: ${Buffer.byteLength('예산안 본문 2026')} B`);
    expect(card?.body).toContain('공유: 이행안');
    const link = /내려받기: (\S+)/.exec(card?.body ?? '')?.[1] ?? '';
    expect(link).toContain(`/rooms/${room.id}/documents/file?path=`);
    expect(link).not.toContain(String(new URL(dav.url).port));

    const route = new URL(link).pathname + new URL(link).search;
    const download = await fetch(`${api.baseUrl}${route}`, {
      headers: { authorization: `Bearer ${clients.lee.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(encodeURIComponent('2026 예산안.hwp'));
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from('예산안 본문 2026'))).toBe(true);
    const stranger = await fetch(`${api.baseUrl}${route}`, {
      headers: { authorization: `Bearer ${clients.choi.token}` },
    });
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as { code: string }).code).toBe('ROOM_NOT_FOUND');

    const escape = await clients.lee.call<{ code: string }>(
      'GET',
      `/rooms/${room.id}/documents/file?path=${encodeURIComponent('../outside.txt')}`,
    );
    expect([escape.status, escape.body.code]).toEqual([400, 'DOCUMENTS_PATH_OUTSIDE']);
    const missing = await clients.lee.call<{ code: string }>(
      'GET',
      `/rooms/${room.id}/documents/file?path=${encodeURIComponent('/없는 파일.txt')}`,
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'DOCUMENTS_NOT_FOUND']);
    expect(await command('lee', '/doc share ../outside.txt')).toMatchObject({
      status: 'failed',
      errorCode: 'DOCUMENTS_PATH_OUTSIDE',
    });
  });

  it('/doc save puts a room file in the folder; the same name is a coded conflict until overwrite or rename', async () => {
    const bytes = Buffer.from(`회의록 ${randomUUID()}`);
    const upload = await fetch(`${api.baseUrl}/rooms/${room.id}/files?name=${encodeURIComponent('회의록.txt')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clients.kim.token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { id: string };
    await say('kim', '회의록 올립니다', { fileIds: [file.id] });

    expect(await command('kim', '/doc save 회의록.txt')).toMatchObject({ status: 'done', errorCode: null });
    expect(Buffer.from((await folder.getFileContents('/공유/회의록.txt')) as Buffer).equals(bytes)).toBe(true);

    const again = await command('kim', '/doc save 회의록.txt');
    expect(again).toMatchObject({ status: 'failed', errorCode: 'DOCUMENTS_CONFLICT' });
    expect(again.reply).toContain('덮어쓰기');
    expect(await command('kim', '/doc save 회의록.txt 새이름')).toMatchObject({ status: 'done' });
    expect(Buffer.from((await folder.getFileContents('/공유/회의록 (2).txt')) as Buffer).equals(bytes)).toBe(true);

    // The same from a file's menu, over HTTP.
    const menu = await clients.lee.call<{ code: string }>('POST', `/rooms/${room.id}/documents/save`, {
      fileId: file.id,
    });
    expect([menu.status, menu.body.code]).toEqual([409, 'DOCUMENTS_CONFLICT']);
    expect(
      (
        await clients.choi.call<{ code: string }>('POST', `/rooms/${room.id}/documents/save`, {
          fileId: file.id,
          mode: 'rename',
        })
      ).status,
    ).toBe(404);
    const renamed = await clients.lee.call<{ path: string }>('POST', `/rooms/${room.id}/documents/save`, {
      fileId: file.id,
      mode: 'rename',
    });
    expect(renamed).toEqual({ status: 200, body: { path: '/회의록 (3).txt', fileId: file.id } });

    await folder.putFileContents('/공유/회의록.txt', Buffer.from('someone else wrote this'));
    expect(await command('kim', `/doc save ${file.id} overwrite`)).toMatchObject({ status: 'done' });
    expect(Buffer.from((await folder.getFileContents('/공유/회의록.txt')) as Buffer).equals(bytes)).toBe(true);
    expect(await command('kim', '/doc save 없는파일.txt')).toMatchObject({
      status: 'failed',
      errorCode: 'DOCUMENTS_FILE_NOT_FOUND',
    });
  });

  it('announces each change of the folder once, also after the worker is replaced by another', async () => {
    await sweep();
    const before = await announcements();
    // The saves above: three files added.
    expect(before).toHaveLength(1);
    expect(before[0]?.body).toContain('➕ 추가 added: /회의록.txt');
    expect(before[0]?.body).toContain('➕ 추가 added: /회의록 (2).txt');
    expect(before[0]?.body).toContain('➕ 추가 added: /회의록 (3).txt');

    await folder.putFileContents('/공유/예산/추경안.xlsx', Buffer.from('추경'));
    await folder.deleteFile('/공유/회의 안내.txt');
    await sweep();
    await sweep();
    const first = (await announcements()).slice(before.length);
    expect(first).toHaveLength(1);
    expect(first[0]?.body).toContain('➕ 추가 added: /예산/추경안.xlsx');
    expect(first[0]?.body).toContain('🗑️ 삭제 removed: /회의 안내.txt');

    // A worker that dies right after committing a sync: the watermark moved, the announcement is
    // only an outbox row. (The sync runs in the api process here, where no worker takes its job.)
    await worker.close();
    await folder.putFileContents('/공유/예산/추경안.xlsx', Buffer.from('추경 수정본'));
    const [linkRow] = await withAdmin(
      api.config.database.url,
      async (c) => (await c.query<{ id: string }>(`SELECT id FROM document_links WHERE room_id = $1`, [room.id])).rows,
    );
    await expect(api.app.get(DocumentSyncService).sync(linkRow?.id ?? '', new Date())).resolves.toEqual({
      outcome: 'synced',
      changes: 1,
    });
    expect(await announcements()).toHaveLength(before.length + 1);

    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await waitForJobs(worker.app);
    await sweep();
    await sweep();
    const after = (await announcements()).slice(before.length + 1);
    expect(after).toHaveLength(1);
    expect(after[0]?.body).toContain('✏️ 변경 changed: /예산/추경안.xlsx');
    expect((await announcements()).filter((m) => m.body.includes('/예산/추경안.xlsx'))).toHaveLength(2);
  });

  it('a password the server stops taking parks the link at once, with one notice (DOCUMENTS_AUTH_FAILED)', async () => {
    const other = (
      await clients.kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '두번째 방', userIds: [] })
    ).body;
    expect(
      (
        await clients.kim.call(
          'POST',
          `/rooms/${other.id}/documents/link`,
          linkBody({ path: '/공유/예산', username: SECOND_USER }),
        )
      ).status,
    ).toBe(200);
    await waitForJobs(worker.app);
    dav.second.password = `changed-${DAV_PASSWORD}`;
    try {
      await sweep();
      await sweep();
    } finally {
      dav.second.password = DAV_PASSWORD;
    }
    const notices = (await botMessages(other.id)).filter((m) => m.body.startsWith('⚠️'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain('DOCUMENTS_AUTH_FAILED');
    expect((await clients.kim.call<DocumentLinkView>('GET', `/rooms/${other.id}/documents/link`)).body).toMatchObject({
      status: 'parked',
      lastError: 'DOCUMENTS_AUTH_FAILED',
    });
    // The first room's link, on the same server with its own account, went on.
    expect((await clients.kim.call<DocumentLinkView>('GET', `/rooms/${room.id}/documents/link`)).body).toMatchObject({
      status: 'active',
    });
  });

  it('a server that is down: commands and downloads answer DOCUMENTS_UNREACHABLE, the sweep parks the link with one notice, nothing is left running', async () => {
    dav.http.closeAllConnections();
    await dav.server.stopAsync();

    expect(await command('lee', '/doc search 예산')).toMatchObject({
      status: 'failed',
      errorCode: 'DOCUMENTS_UNREACHABLE',
    });
    const download = await clients.lee.call<{ code: string }>(
      'GET',
      `/rooms/${room.id}/documents/file?path=${encodeURIComponent('/예산/2026 예산안.hwp')}`,
    );
    expect([download.status, download.body.code]).toEqual([502, 'DOCUMENTS_UNREACHABLE']);
    const relink = await clients.kim.call<{ code: string }>('POST', `/rooms/${room.id}/documents/link`, linkBody());
    expect([relink.status, relink.body.code]).toEqual([502, 'DOCUMENTS_UNREACHABLE']);

    await sweep();
    expect((await clients.kim.call<DocumentLinkView>('GET', `/rooms/${room.id}/documents/link`)).body).toMatchObject({
      status: 'active',
      lastError: 'DOCUMENTS_UNREACHABLE',
    });
    await sweep();
    await sweep();
    expect((await clients.kim.call<DocumentLinkView>('GET', `/rooms/${room.id}/documents/link`)).body).toMatchObject({
      status: 'parked',
      lastError: 'DOCUMENTS_UNREACHABLE',
    });
    const notices = (await botMessages()).filter((m) => m.body.startsWith('⚠️'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain('DOCUMENTS_UNREACHABLE');

    const queue = worker.app.get(QueueService).queue(QueueName.Documents);
    expect(await queue.getJobCounts('waiting', 'active', 'failed', 'prioritized')).toEqual({
      waiting: 0,
      active: 0,
      failed: 0,
      prioritized: 0,
    });
    // Only the sweep's own schedule waits for its next turn; no sync is retrying in the background.
    const delayed = await queue.getDelayed();
    expect(delayed.map((j) => j.name)).toEqual(delayed.length === 0 ? [] : [JobName.DocumentSweep]);
    expect(logs.join('')).not.toContain(DAV_PASSWORD.slice(3));
  });
});
