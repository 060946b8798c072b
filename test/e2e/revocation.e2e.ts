import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ErrorBody } from '../../src/common/error-body.js';
import { UserRole } from '../../src/identity/identity.types.js';
import type { AgencyEntity } from '../../src/identity/agency.entity.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient, eventually, recordMessages, uploadChunked, type ClientSocket } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;
/** The bound the issue states: every revocation is in effect within one second. */
const WITHIN_ONE_SECOND = 1000;

/** A file's bytes are not JSON: only the status and, on a refusal, the code. */
async function download(
  client: ApiClient,
  fileId: string,
  baseUrl = client.baseUrl,
): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${baseUrl}/files/${fileId}/content`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  if (res.ok) {
    await res.arrayBuffer();
    return { status: res.status };
  }
  return { status: res.status, code: ((await res.json()) as { code: string }).code };
}

/** What a socket is told before it is closed, and why it closed. */
function watchEnd(socket: ClientSocket): { expired: ErrorBody[]; closed: string[] } {
  const seen = { expired: [] as ErrorBody[], closed: [] as string[] };
  socket.on('session.expired', (error) => seen.expired.push(error));
  socket.on('disconnect', (reason) => seen.closed.push(reason));
  return seen;
}

describe('revocation within one second', () => {
  let a: TestApp;
  /** A second API node on the same PostgreSQL and Redis: revocations reach sockets there too. */
  let b: TestApp;
  let factory: Factory;
  let mois: AgencyEntity;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const config = await createTestConfig();
    a = await startTestApp(config);
    b = await startTestApp({ ...config, roles: new Set(['api']) });
    factory = new Factory(a.app);
    mois = await factory.agency({ code: '1741000', name: '행정안전부' });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await b.close();
    await a.close();
  });

  const open = async (client: ApiClient, node: TestApp = a) => {
    const socket = await client.socket(node.baseUrl);
    sockets.push(socket);
    return socket;
  };
  const person = async (login: string, roles?: UserRole[]) => {
    const user = await factory.user(mois, { login, displayName: login, roles });
    return { id: user.id, client: await ApiClient.signIn(a.baseUrl, login) };
  };

  it('removed from a room: at once their sockets on every node hear nothing more of it, others still do, and its messages, feed and files are refused', async () => {
    const owner = await person('owner.room');
    const removed = await person('removed.room');
    const stays = await person('stays.room');
    const room = (
      await owner.client.call<RoomView>('POST', '/rooms', {
        kind: 'group',
        name: '내보내기 시험',
        userIds: [removed.id, stays.id],
      })
    ).body;
    const upload = await uploadChunked(a.baseUrl, owner.client, room.id, '회의자료.bin', randomBytes(10_000));
    expect(upload.status).toBe(201);
    expect(
      (
        await owner.client.call('POST', `/rooms/${room.id}/messages`, {
          clientMessageId: cid(),
          body: '자료입니다',
          fileIds: [upload.body.id],
        })
      ).status,
    ).toBe(201);
    expect(await download(removed.client, upload.body.id)).toEqual({ status: 200 });

    const removedOnA = await open(removed.client, a);
    const removedOnB = await open(removed.client, b);
    const staysOnB = await open(stays.client, b);
    const sawA = recordMessages(removedOnA);
    const sawB = recordMessages(removedOnB);
    const sawStays = recordMessages(staysOnB);
    const left: string[] = [];
    removedOnB.on('room.left', (e) => left.push(e.roomId));

    expect((await owner.client.call('DELETE', `/rooms/${room.id}/members/${removed.id}`)).status).toBe(204);
    // Only an owner removes; the direct and agency rooms have fixed members.
    expect(
      (await stays.client.call<{ code: string }>('DELETE', `/rooms/${room.id}/members/${owner.id}`)).body.code,
    ).toBe('NOT_ROOM_OWNER');

    await eventually(async () => {
      const probe = `내보낸 뒤 ${randomUUID()}`;
      expect(
        (
          await owner.client.call(
            'POST',
            `/rooms/${room.id}/messages`,
            { clientMessageId: cid(), body: probe },
            b.baseUrl,
          )
        ).status,
      ).toBe(201);
      await eventually(() => expect(sawStays.map((m) => m.body)).toContain(probe), WITHIN_ONE_SECOND);
      expect([...sawA, ...sawB].map((m) => m.body)).not.toContain(probe);
    }, WITHIN_ONE_SECOND);
    await eventually(() => expect(left).toEqual([room.id]), WITHIN_ONE_SECOND);
    // Nothing sent after the removal reached them, whichever node they were on.
    expect([...sawA, ...sawB].map((m) => m.body)).toEqual([]);

    for (const path of [`/rooms/${room.id}/messages`, `/rooms/${room.id}/changes?after=0`, `/rooms/${room.id}`]) {
      const res = await removed.client.call<{ code: string }>('GET', path);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'ROOM_NOT_FOUND']);
    }
    expect(await download(removed.client, upload.body.id, b.baseUrl)).toEqual({ status: 404, code: 'FILE_NOT_FOUND' });
    const feed = await removedOnB.emitWithAck('room.changes', { roomId: room.id, after: '0' });
    expect(feed).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
    // The socket itself stays open: other rooms go on.
    expect(removedOnB.connected).toBe(true);
  });

  it('disabled by an administrator: every call is 401 ACCOUNT_DISABLED, each socket is told and closed, meetings and files refused', async () => {
    const admin = await person('admin.sys', [UserRole.SystemAdmin]);
    const target = await person('target.disable');
    const room = (
      await admin.client.call<RoomView>('POST', '/rooms', { kind: 'group', name: '중지 시험', userIds: [target.id] })
    ).body;
    const upload = await uploadChunked(a.baseUrl, admin.client, room.id, '자료.bin', randomBytes(1000));
    await admin.client.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '첨부',
      fileIds: [upload.body.id],
    });
    const meeting = (
      await admin.client.call<{ id: string }>('POST', '/meetings', {
        title: '중지 전 회의',
        startsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
        durationMinutes: 30,
        userIds: [target.id],
      })
    ).body;
    expect((await target.client.call('POST', `/meetings/${meeting.id}/join`)).status).toBe(200);
    const onA = watchEnd(await open(target.client, a));
    const onB = watchEnd(await open(target.client, b));

    expect((await admin.client.call('POST', `/admin-api/users/${target.id}/disable`)).status).toBe(200);

    await eventually(async () => {
      for (const [path, method] of [
        ['/me', 'GET'],
        [`/rooms/${room.id}/messages`, 'GET'],
        [`/meetings/${meeting.id}/join`, 'POST'],
      ] as const) {
        const res = await target.client.call<{ code: string }>(method, path, undefined, b.baseUrl);
        expect([path, res.status, res.body.code]).toEqual([path, 401, 'ACCOUNT_DISABLED']);
      }
      expect(await download(target.client, upload.body.id, b.baseUrl)).toEqual({
        status: 401,
        code: 'ACCOUNT_DISABLED',
      });
      for (const seen of [onA, onB]) {
        expect(seen.expired.map((e) => e.code)).toEqual(['ACCOUNT_DISABLED']);
        expect(seen.closed).toEqual(['io server disconnect']);
      }
    }, WITHIN_ONE_SECOND);
    const again = await fetch(`${a.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'target.disable', password: TEST_PASSWORD }),
    });
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([403, 'ACCOUNT_DISABLED']);
    // A new socket with the old token is refused.
    await expect(target.client.socket(b.baseUrl)).rejects.toMatchObject({ data: { code: 'ACCOUNT_DISABLED' } });
  });

  it('a changed password ends every other session at once, on every node; this one goes on', async () => {
    const login = 'changes.password';
    const me = await person(login);
    const other = await ApiClient.signIn(a.baseUrl, login);
    const mySocket = watchEnd(await open(me.client, a));
    const otherSocket = watchEnd(await open(other, b));

    const wrong = await me.client.call<{ code: string }>('POST', '/me/password', {
      currentPassword: 'not-the-password',
      newPassword: 'a new long password',
    });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'CURRENT_PASSWORD_WRONG']);
    const weak = await me.client.call<{ code: string }>('POST', '/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect((await other.call('GET', '/me')).status).toBe(200);

    expect(
      (
        await me.client.call('POST', '/me/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: '새 비밀번호는 충분히 길다',
        })
      ).status,
    ).toBe(204);

    await eventually(async () => {
      const refused = await other.call<{ code: string }>('GET', '/me', undefined, b.baseUrl);
      expect([refused.status, refused.body.code]).toEqual([401, 'PASSWORD_CHANGED']);
      expect(otherSocket.expired.map((e) => e.code)).toEqual(['PASSWORD_CHANGED']);
      expect(otherSocket.closed).toEqual(['io server disconnect']);
    }, WITHIN_ONE_SECOND);
    expect((await me.client.call('GET', '/me')).status).toBe(200);
    expect(mySocket.closed).toEqual([]);
    await expect(ApiClient.signIn(a.baseUrl, login)).rejects.toThrow(/401/);
    await expect(ApiClient.signIn(a.baseUrl, login, '새 비밀번호는 충분히 길다')).resolves.toBeInstanceOf(ApiClient);
  });

  it('signing out ends the session on every node: calls are 401 SIGNED_OUT and its sockets are closed', async () => {
    const me = await person('signs.out');
    const seen = watchEnd(await open(me.client, b));
    expect((await me.client.call('POST', '/auth/logout', {})).status).toBe(204);
    await eventually(async () => {
      const res = await me.client.call<{ code: string }>('GET', '/rooms', undefined, b.baseUrl);
      expect([res.status, res.body.code]).toEqual([401, 'SIGNED_OUT']);
      expect(seen.expired.map((e) => e.code)).toEqual(['SIGNED_OUT']);
      expect(seen.closed).toEqual(['io server disconnect']);
    }, WITHIN_ONE_SECOND);
  });
});
