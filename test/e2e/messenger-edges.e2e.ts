import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PlainSendBatcher } from '../../src/messenger/plain-send.batcher.js';
import { PresenceService } from '../../src/messenger/realtime/presence.service.js';
import { RedisService } from '../../src/redis/redis.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { MessageKind } from '../../src/messenger/messenger.types.js';
import { ApiClient, eventually, record, type ClientSocket } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;

describe('messenger edges', () => {
  let a: TestApp;
  /** A second node on the same database whose access tokens last two seconds. */
  let brief: TestApp;
  /** A third node on the same database, with the usual token lifetime. */
  let b: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let ids: Record<'kim' | 'lee', string>;
  let agencyId: string;
  let room: RoomView;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const config = await createTestConfig();
    a = await startTestApp(config);
    brief = await startTestApp({ ...config, auth: { ...config.auth, accessTokenTtlSeconds: 2 } });
    b = await startTestApp(config);
    const factory = new Factory(a.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    agencyId = mois.id;
    const users = {
      kim: await factory.user(mois, { login: 'kim.mois', displayName: '김행안' }),
      lee: await factory.user(mois, { login: 'lee.mois', displayName: '이행안' }),
    };
    ids = { kim: users.kim.id, lee: users.lee.id };
    [kim, lee] = await Promise.all(['kim.mois', 'lee.mois'].map((l) => ApiClient.signIn(a.baseUrl, l)));
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '제어 문자 시험', userIds: [ids.lee] }))
      .body;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await b.close();
    await brief.close();
    await a.close();
  });

  describe('control characters', () => {
    it('refuses NUL and other C0 controls in a body, a search term and a room name or topic, coded and in both languages', async () => {
      const send = await kim.call<{ code: string; messages: { ko: string; en: string } }>(
        'POST',
        `/rooms/${room.id}/messages`,
        { clientMessageId: cid(), body: 'a\u0000b' },
      );
      expect(send.status).toBe(400);
      expect(send.body.code).toBe('CONTROL_CHARACTERS');
      expect(send.body.messages.ko).toBeTruthy();
      expect(send.body.messages.en).toBeTruthy();
      expect(
        (
          await kim.call<{ code: string }>('POST', `/rooms/${room.id}/messages`, {
            clientMessageId: cid(),
            body: 'bell\u0007',
          })
        ).status,
      ).toBe(400);
      expect(
        (await kim.call<{ code: string }>('GET', `/search/messages?q=${encodeURIComponent('자료\u0000')}`)).status,
      ).toBe(400);
      expect((await kim.call('POST', '/rooms', { kind: 'group', name: '이름\u0000' })).status).toBe(400);
      expect((await kim.call('PATCH', `/rooms/${room.id}`, { topic: '주제\u001b[31m' })).status).toBe(400);
      const socket = await kim.socket();
      sockets.push(socket);
      const ack = await socket.emitWithAck('message.send', { roomId: room.id, clientMessageId: cid(), body: '\u0000' });
      expect(ack).toMatchObject({ ok: false, error: { statusCode: 400, code: 'CONTROL_CHARACTERS' } });

      // Tab, line feed and carriage return are text: CR LF is stored as LF.
      const fine = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
        clientMessageId: cid(),
        body: '첫 줄\r\n둘째\t줄',
      });
      expect(fine.status).toBe(201);
      expect(fine.body.body).toBe('첫 줄\n둘째\t줄');
    });

    it('a NUL send among concurrent sends to the same room fails alone', async () => {
      const own = (
        await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '동시 제어 문자', userIds: [ids.lee] })
      ).body;
      const good = Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? kim : lee).call<MessageView>('POST', `/rooms/${own.id}/messages`, {
          clientMessageId: cid(),
          body: `정상 ${i}`,
        }),
      );
      const bad = kim.call<{ code: string }>('POST', `/rooms/${own.id}/messages`, {
        clientMessageId: cid(),
        body: '나쁜\u0000메시지',
      });
      const [results, refused] = await Promise.all([Promise.all(good), bad]);
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
      expect([refused.status, refused.body.code]).toEqual([400, 'CONTROL_CHARACTERS']);
      const page = await lee.call<MessageView[]>('GET', `/rooms/${own.id}/messages?limit=100`);
      expect(page.body).toHaveLength(20);
    });

    it('a statement of the group commit that PostgreSQL refuses fails only the send that caused it', async () => {
      // Past the edges, as a caller that skipped them would: the batcher itself must not let one bad row sink the rest.
      const own = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '묶음 실패', userIds: [ids.lee] }))
        .body;
      const batcher = a.app.get(PlainSendBatcher);
      const send = (senderId: string, body: string) =>
        batcher.submit(own.id, {
          senderId,
          senderAgencyId: agencyId,
          clientMessageId: cid(),
          kind: MessageKind.Text,
          body,
        });
      const outcomes = await Promise.allSettled([
        send(ids.kim, '하나'),
        send(ids.lee, '둘'),
        send(ids.kim, 'NUL\u0000'),
        send(ids.lee, '넷'),
        send(ids.kim, '다섯'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const bodies = outcomes.map((o) => (o.status === 'fulfilled' ? o.value?.body : null));
      expect(bodies).toEqual(['하나', '둘', null, '넷', '다섯']);
      const page = await lee.call<MessageView[]>('GET', `/rooms/${own.id}/messages?limit=100`);
      expect(page.body.map((m) => [m.body, m.seq])).toEqual([
        ['하나', '1'],
        ['둘', '2'],
        ['넷', '3'],
        ['다섯', '4'],
      ]);
    });
  });

  describe('socket authentication', () => {
    it('ends a socket when its access token expires, says why, and sends it nothing after', async () => {
      const shortLived = await ApiClient.signIn(brief.baseUrl, 'kim.mois');
      const socket = await shortLived.socket();
      sockets.push(socket);
      const seen: Array<{ event: string; at: number }> = [];
      socket.onAny((event: string) => seen.push({ event, at: Date.now() }));
      let expired: { code?: string; messages?: { ko: string; en: string } } | null = null;
      socket.on('session.expired', (error) => (expired = error));
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

      const before = await lee.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
        clientMessageId: cid(),
        body: '만료 전',
      });
      expect(before.status).toBe(201);
      await eventually(() => expect(seen.map((e) => e.event)).toContain('messages.created'));

      expect(await disconnected).toBe('io server disconnect');
      expect(expired).toMatchObject({
        code: 'INVALID_TOKEN',
        messages: { ko: expect.any(String), en: expect.any(String) },
      });
      const count = seen.length;
      await lee.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '만료 후' });
      await lee.call('POST', `/rooms/${room.id}/read`, { seq: before.body.seq });
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.slice(count)).toEqual([]);
      expect(socket.connected).toBe(false);
    });

    it('refuses a socket without a token as UNAUTHENTICATED, coded and in both languages', async () => {
      const { io } = await import('socket.io-client');
      const s = io(a.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false });
      const error = await new Promise<{
        data?: { statusCode?: number; code?: string; messages?: { ko: string; en: string } };
      }>((resolve) => s.once('connect_error', (e) => resolve(e as never)));
      s.disconnect();
      expect(error.data).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        messages: { ko: expect.any(String), en: expect.any(String) },
      });
    });
  });

  describe('signing out', () => {
    interface Session {
      accessToken: string;
      refreshToken: string;
    }
    type Coded = {
      statusCode?: number;
      code?: string;
      messages?: { ko: string; en: string };
      details?: Record<string, unknown>;
    };
    const post = async (baseUrl: string, path: string, body: unknown, token?: string) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const signIn = async (baseUrl: string, login = 'kim.mois'): Promise<Session> =>
      (await (await post(baseUrl, '/auth/login', { login, password: TEST_PASSWORD })).json()) as Session;
    const me = async (baseUrl: string, token: string) => {
      const res = await fetch(`${baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Coded };
    };
    const connect = async (baseUrl: string, token: string): Promise<ClientSocket> => {
      const { io } = await import('socket.io-client');
      const socket: ClientSocket = io(baseUrl, {
        path: '/socket.io',
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    };
    const refusedConnect = async (baseUrl: string, token: string): Promise<Coded | undefined> => {
      const error = await connect(baseUrl, token).then(
        () => null,
        (e: { data?: Coded }) => e,
      );
      if (!error) throw new Error(`a socket connected on ${baseUrl} with a signed-out token`);
      return error.data;
    };
    /** Every event a socket hears, and how it ended, in order. */
    const watch = (socket: ClientSocket) => {
      const seen: Array<{ event: string; payload: unknown }> = [];
      socket.onAny((event: string, payload: unknown) => seen.push({ event, payload }));
      socket.on('disconnect', (reason) => seen.push({ event: 'disconnect', payload: reason }));
      return seen;
    };
    const say = async (body: string) => {
      const sent = await lee.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body });
      expect(sent.status).toBe(201);
      return sent.body;
    };
    const heard = (seen: Array<{ event: string; payload: unknown }>, body: string) =>
      seen.some(
        (e) =>
          e.event === 'messages.created' &&
          (e.payload as { messages: MessageView[] }).messages.some((m) => m.body === body),
      );

    it('closes every socket of the session on every node, says why, and refuses its access tokens from then on; another session stays', async () => {
      const first = await signIn(a.baseUrl);
      // A second access token of the same session, from a refresh through the other node.
      const renewed = (await (
        await post(b.baseUrl, '/auth/refresh', { refreshToken: first.refreshToken })
      ).json()) as Session;
      const other = await signIn(b.baseUrl);

      const onB = await connect(b.baseUrl, first.accessToken);
      const renewedOnA = await connect(a.baseUrl, renewed.accessToken);
      const otherOnB = await connect(b.baseUrl, other.accessToken);
      const [seenB, seenRenewed, seenOther] = [onB, renewedOnA, otherOnB].map(watch);
      await say('로그아웃 전');
      await eventually(() =>
        expect([seenB, seenRenewed, seenOther].map((s) => heard(s, '로그아웃 전'))).toEqual([true, true, true]),
      );

      expect(
        (await post(a.baseUrl, '/auth/logout', { refreshToken: renewed.refreshToken }, renewed.accessToken)).status,
      ).toBe(204);

      for (const seen of [seenB, seenRenewed]) {
        await eventually(() => expect(seen.at(-1)).toEqual({ event: 'disconnect', payload: 'io server disconnect' }));
        const ending = seen.slice(-2);
        expect(ending[0]).toMatchObject({
          event: 'session.expired',
          payload: {
            statusCode: 401,
            code: 'SIGNED_OUT',
            details: { everywhere: false },
            messages: { ko: expect.stringContaining('로그아웃'), en: expect.stringContaining('signed out') },
          },
        });
      }
      const [countB, countRenewed] = [seenB.length, seenRenewed.length];
      await say('로그아웃 후');
      await eventually(() => expect(heard(seenOther, '로그아웃 후')).toBe(true));
      await new Promise((r) => setTimeout(r, 200));
      expect(seenB.slice(countB)).toEqual([]);
      expect(seenRenewed.slice(countRenewed)).toEqual([]);
      expect([onB.connected, renewedOnA.connected, otherOnB.connected]).toEqual([false, false, true]);
      expect(seenOther.map((e) => e.event)).not.toContain('session.expired');

      for (const token of [first.accessToken, renewed.accessToken]) {
        for (const node of [a, b]) {
          const refused = await me(node.baseUrl, token);
          expect([refused.status, refused.body.code]).toEqual([401, 'SIGNED_OUT']);
          expect(await refusedConnect(node.baseUrl, token)).toMatchObject({
            statusCode: 401,
            code: 'SIGNED_OUT',
            messages: { ko: expect.any(String), en: expect.any(String) },
          });
        }
      }
      expect((await post(b.baseUrl, '/auth/refresh', { refreshToken: renewed.refreshToken })).status).toBe(401);

      // The other session works on both nodes, over HTTP and its socket.
      expect((await me(a.baseUrl, other.accessToken)).status).toBe(200);
      expect((await me(b.baseUrl, other.accessToken)).status).toBe(200);
      const ack = await otherOnB.emitWithAck('message.send', {
        roomId: room.id,
        clientMessageId: cid(),
        body: '다른 세션',
      });
      expect(ack).toMatchObject({ ok: true, data: { body: '다른 세션' } });
      otherOnB.disconnect();
    });

    it("signing out everywhere closes the sockets of every session of the person, and nobody else's", async () => {
      const factory = new Factory(a.app);
      const park = await factory.user(await factory.agency(), { login: `park.${randomUUID().slice(0, 8)}` });
      const [one, two] = [await signIn(a.baseUrl, park.login), await signIn(b.baseUrl, park.login)];
      const parkSockets = [await connect(b.baseUrl, one.accessToken), await connect(a.baseUrl, two.accessToken)];
      const leeSocket = await lee.socket(b.baseUrl);
      const seen = [...parkSockets, leeSocket].map(watch);

      expect((await post(a.baseUrl, '/auth/logout', { everywhere: true }, one.accessToken)).status).toBe(204);

      for (const s of seen.slice(0, 2)) {
        await eventually(() => expect(s.at(-1)).toEqual({ event: 'disconnect', payload: 'io server disconnect' }));
        expect(s.at(-2)).toMatchObject({
          event: 'session.expired',
          payload: { code: 'SIGNED_OUT', details: { everywhere: true } },
        });
      }
      for (const token of [one.accessToken, two.accessToken]) expect((await me(b.baseUrl, token)).status).toBe(401);
      await say('모두 로그아웃 후');
      await eventually(() => expect(heard(seen[2] ?? [], '모두 로그아웃 후')).toBe(true));
      expect(leeSocket.connected).toBe(true);
      expect((await kim.call('GET', '/me')).status).toBe(200);
      leeSocket.disconnect();
    });

    it('a reused refresh token closes the sockets of its session as well as its tokens', async () => {
      const session = await signIn(a.baseUrl);
      const socket = await connect(b.baseUrl, session.accessToken);
      const seen = watch(socket);
      expect((await post(a.baseUrl, '/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
      const reuse = await post(a.baseUrl, '/auth/refresh', { refreshToken: session.refreshToken });
      expect(reuse.status).toBe(401);
      await eventually(() => expect(seen.at(-1)).toEqual({ event: 'disconnect', payload: 'io server disconnect' }));
      expect(seen.at(-2)).toMatchObject({ event: 'session.expired', payload: { code: 'REFRESH_TOKEN_REUSED' } });
      expect((await me(b.baseUrl, session.accessToken)).body.code).toBe('REFRESH_TOKEN_REUSED');
    });
  });

  describe('presence', () => {
    beforeAll(async () => {
      for (const s of sockets.splice(0)) s.disconnect();
      const presence = a.app.get(PresenceService);
      await eventually(async () => expect(await presence.online([ids.kim, ids.lee])).toEqual(new Set()));
    });

    /** What Redis holds once a key's time is up without anyone vouching again: nothing of it counts. */
    const letPresenceLapse = async (userId: string) => {
      const redis = a.app.get(RedisService);
      await redis.client.del(redis.key('presence', userId));
    };

    it('keeps a user online for as long as a socket stays open, past any time to live, and only that long', async () => {
      const presence = a.app.get(PresenceService);
      const socket = await kim.socket();
      await eventually(async () => expect(await presence.online([ids.kim, ids.lee])).toEqual(new Set([ids.kim])));
      // The TTL ran out while the socket stayed open: the node vouches for its sockets again.
      await letPresenceLapse(ids.kim);
      await presence.refresh();
      expect(await presence.online([ids.kim])).toEqual(new Set([ids.kim]));
      socket.disconnect();
      await eventually(async () => expect(await presence.online([ids.kim])).toEqual(new Set()));
      await presence.refresh();
      expect(await presence.online([ids.kim])).toEqual(new Set());
    });

    it('counts each socket on every node: online until the last one closes', async () => {
      const presence = a.app.get(PresenceService);
      const onA = await lee.socket();
      const onB = await lee.socket(brief.baseUrl);
      await eventually(async () => expect(await presence.online([ids.lee])).toEqual(new Set([ids.lee])));
      onA.disconnect();
      await new Promise((r) => setTimeout(r, 200));
      expect(await presence.online([ids.lee])).toEqual(new Set([ids.lee]));
      onB.disconnect();
      await eventually(async () => expect(await presence.online([ids.lee])).toEqual(new Set()));
    });

    it('a socket whose node stopped vouching for it drops out once its time is up', async () => {
      const presence = a.app.get(PresenceService);
      const redis = a.app.get(RedisService);
      // A node that died holding a socket of Kim's last vouched for it 100 ms from expiring.
      await redis.client.zadd(redis.key('presence', ids.kim), Date.now() + 100, 'socket-of-a-dead-node');
      expect(await presence.online([ids.kim])).toEqual(new Set([ids.kim]));
      await new Promise((r) => setTimeout(r, 150));
      await presence.refresh();
      expect(await presence.online([ids.kim])).toEqual(new Set());
    });
  });

  describe('edits and archived rooms', () => {
    it('tells those an edit newly mentions, once, and nobody else', async () => {
      const own = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '멘션 수정', userIds: [ids.lee] }))
        .body;
      const leeSocket = await lee.socket();
      const kimSocket = await kim.socket();
      sockets.push(leeSocket, kimSocket);
      const leeHeard = record(leeSocket, 'mentioned');
      const kimHeard = record(kimSocket, 'mentioned');
      const sent = await kim.call<MessageView>('POST', `/rooms/${own.id}/messages`, {
        clientMessageId: cid(),
        body: '회의 자료입니다',
      });
      const edited = await kim.call<MessageView>('PATCH', `/messages/${sent.body.id}`, {
        body: '@lee.mois @kim.mois 회의 자료입니다',
      });
      expect(edited.status).toBe(200);
      expect(edited.body.mentions.sort()).toEqual([ids.kim, ids.lee].sort());
      await eventually(() => expect(leeHeard).toEqual([{ roomId: own.id, messageId: sent.body.id }]));
      await kim.call('PATCH', `/messages/${sent.body.id}`, { body: '@lee.mois 회의 자료입니다 (수정)' });
      await new Promise((r) => setTimeout(r, 300));
      expect(leeHeard).toHaveLength(1);
      expect(kimHeard).toEqual([]);
    });

    it('refuses edits and reactions in an archived room', async () => {
      const own = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '보관 예정', userIds: [ids.lee] }))
        .body;
      const sent = await kim.call<MessageView>('POST', `/rooms/${own.id}/messages`, {
        clientMessageId: cid(),
        body: '마지막 글',
      });
      expect((await lee.call('PUT', `/messages/${sent.body.id}/reactions/${encodeURIComponent('👍')}`)).status).toBe(
        200,
      );
      expect((await kim.call('POST', `/rooms/${own.id}/archive`)).status).toBeLessThan(300);
      const edit = await kim.call<{ code: string }>('PATCH', `/messages/${sent.body.id}`, { body: '보관 후 수정' });
      expect([edit.status, edit.body.code]).toEqual([409, 'ROOM_ARCHIVED']);
      const react = await lee.call<{ code: string }>(
        'PUT',
        `/messages/${sent.body.id}/reactions/${encodeURIComponent('🎉')}`,
      );
      expect([react.status, react.body.code]).toEqual([409, 'ROOM_ARCHIVED']);
      const unreact = await lee.call<{ code: string }>(
        'DELETE',
        `/messages/${sent.body.id}/reactions/${encodeURIComponent('👍')}`,
      );
      expect([unreact.status, unreact.body.code]).toEqual([409, 'ROOM_ARCHIVED']);
      const page = await lee.call<MessageView[]>('GET', `/rooms/${own.id}/messages`);
      expect(page.body.map((m) => [m.body, m.editedAt, m.reactions])).toEqual([
        ['마지막 글', null, [{ emoji: '👍', userIds: [ids.lee] }]],
      ]);
    });
  });
});
