import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AgencyEntity } from '../../src/identity/agency.entity.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient, eventually, record, recordMessages, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { withAdmin } from '../setup/services.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;

describe('messenger', () => {
  let a: TestApp;
  let b: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let park: ApiClient;
  let outsider: ApiClient;
  let ids: Record<'kim' | 'lee' | 'park' | 'outsider', string>;
  let room: RoomView;
  let agencies: { mois: AgencyEntity; acrc: AgencyEntity };
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const config = await createTestConfig();
    a = await startTestApp(config);
    // A second API node on the same PostgreSQL and Redis.
    b = await startTestApp({ ...config, roles: new Set(['api']) });
    const factory = new Factory(a.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    agencies = { mois, acrc };
    const users = {
      kim: await factory.user(mois, { login: 'kim.mois', displayName: '김행안' }),
      lee: await factory.user(mois, { login: 'lee.mois', displayName: '이행안' }),
      park: await factory.user(acrc, { login: 'park.acrc', displayName: '박권익' }),
      outsider: await factory.user(acrc, { login: 'choi.acrc', displayName: '최외부' }),
    };
    ids = { kim: users.kim.id, lee: users.lee.id, park: users.park.id, outsider: users.outsider.id };
    [kim, lee, park, outsider] = await Promise.all(
      ['kim.mois', 'lee.mois', 'park.acrc', 'choi.acrc'].map((l) => ApiClient.signIn(a.baseUrl, l)),
    );
    const created = await kim.call<RoomView>('POST', '/rooms', {
      kind: 'collaboration',
      name: '부처간 협업 TF',
      userIds: [ids.lee, ids.park],
    });
    expect(created.status).toBe(201);
    room = created.body;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await b.close();
    await a.close();
  });

  const open = async (client: ApiClient, node?: TestApp) => {
    const socket = await client.socket(node?.baseUrl);
    sockets.push(socket);
    return socket;
  };

  it('two socket clients in a room get each other’s messages, acknowledged after commit', async () => {
    const kimSocket = await open(kim);
    const leeSocket = await open(lee);
    const leeSaw = recordMessages(leeSocket);
    const kimSaw = recordMessages(kimSocket);

    const ack = await kimSocket.emitWithAck('message.send', {
      roomId: room.id,
      clientMessageId: cid(),
      body: '안녕하세요, 자료 공유드립니다.',
    });
    expect(ack).toMatchObject({ ok: true, data: { body: '안녕하세요, 자료 공유드립니다.', senderName: '김행안' } });
    const reply = await leeSocket.emitWithAck('message.send', {
      roomId: room.id,
      clientMessageId: cid(),
      body: '확인했습니다.',
    });
    expect(reply.ok).toBe(true);

    await eventually(() => {
      expect(leeSaw.map((m) => m.body)).toEqual(['안녕하세요, 자료 공유드립니다.', '확인했습니다.']);
      expect(kimSaw.map((m) => m.body)).toEqual(['안녕하세요, 자료 공유드립니다.', '확인했습니다.']);
    });
    // The acknowledged message is in PostgreSQL.
    const page = await lee.call<MessageView[]>('GET', `/rooms/${room.id}/messages`);
    expect(page.body.map((m) => m.body)).toEqual(['안녕하세요, 자료 공유드립니다.', '확인했습니다.']);
  });

  it('a client of API node A gets a message sent through node B', async () => {
    const parkOnA = await open(park, a);
    const saw = recordMessages(parkOnA);
    const kimOnB = await ApiClient.signIn(b.baseUrl, 'kim.mois');
    const sent = await kimOnB.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: 'B 노드에서 보냅니다',
    });
    expect(sent.status).toBe(201);
    await eventually(() => expect(saw.map((m) => m.id)).toContain(sent.body.id));
  });

  it('a retried send with the same client id yields one message, even when the retries race', async () => {
    const clientMessageId = cid();
    const body = '중복 전송 시험';
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId, body }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const socket = await open(kim);
    const again = await socket.emitWithAck('message.send', { roomId: room.id, clientMessageId, body });
    expect(again).toMatchObject({ ok: true, data: { id: results[0]?.body.id } });
    const page = await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`);
    expect(page.body.filter((m) => m.body === body)).toHaveLength(1);

    const conflict = await kim.call<{ code: string }>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId,
      body: '다른 내용',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('CLIENT_MESSAGE_ID_REUSED');
  });

  it('concurrent sends to one room, from two nodes, retries and an outsider among them: each stored once with its own seq, a retry answered with the first try’s message', async () => {
    const own = (
      await kim.call<RoomView>('POST', '/rooms', {
        kind: 'collaboration',
        name: '동시 전송',
        userIds: [ids.lee, ids.park],
      })
    ).body;
    const parkSocket = await open(park, b);
    const batches: MessageView[][] = [];
    parkSocket.on('messages.created', (event) => {
      if (event.roomId === own.id) batches.push(event.messages);
    });
    const plan = Array.from({ length: 60 }, (_, i) => ({
      who: [kim, lee, park][i % 3] ?? kim,
      clientMessageId: cid(),
      body: `동시 ${i}`,
    }));
    const sends = plan.flatMap((p, i) => {
      const once = () =>
        p.who.call<MessageView>(
          'POST',
          `/rooms/${own.id}/messages`,
          { clientMessageId: p.clientMessageId, body: p.body },
          i % 2 === 0 ? a.baseUrl : b.baseUrl,
        );
      // Every fifth send is retried while the first try may still be in flight.
      return i % 5 === 0 ? [once(), once()] : [once()];
    });
    const intruder = Array.from({ length: 5 }, () =>
      outsider.call<{ code: string }>('POST', `/rooms/${own.id}/messages`, {
        clientMessageId: cid(),
        body: '끼어들기',
      }),
    );
    const [results, refused] = await Promise.all([Promise.all(sends), Promise.all(intruder)]);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(
      Array.from({ length: 5 }, () => [404, 'ROOM_NOT_FOUND']),
    );

    const page = await lee.call<MessageView[]>('GET', `/rooms/${own.id}/messages?limit=100`);
    expect(page.body).toHaveLength(60);
    expect(new Set(page.body.map((m) => m.body))).toEqual(new Set(plan.map((p) => p.body)));
    const seqs = page.body.map((m) => Number(m.seq));
    expect(new Set(seqs).size).toBe(60);
    // A retry answers with the message the first try stored.
    const byClientId = new Map(page.body.map((m) => [m.clientMessageId, m.id]));
    for (const r of results) expect(byClientId.get(r.body.clientMessageId)).toBe(r.body.id);
    // Over the socket every message arrives once; those that travel together come in seq order.
    await eventually(() => expect(batches.flat()).toHaveLength(60));
    await new Promise((r) => setTimeout(r, 300));
    expect(batches.flat()).toHaveLength(60);
    expect(new Set(batches.flat().map((m) => m.id))).toEqual(new Set(page.body.map((m) => m.id)));
    for (const batch of batches)
      expect(batch.map((m) => Number(m.seq))).toEqual(batch.map((m) => Number(m.seq)).sort((x, y) => x - y));
  });

  /** Members chatting in a room: a message, a reaction, an edit, typing and a read marker, each over the socket or HTTP. */
  const busyRoom = async (roomId: string) => {
    const kimSocket = await open(kim);
    const leeSocket = await open(lee);
    const leeSaw: string[] = [];
    leeSocket.onAny((event: string) => leeSaw.push(event));
    const ack = await kimSocket.emitWithAck('message.send', {
      roomId,
      clientMessageId: cid(),
      body: '@lee.mois 내부 검토 의견',
    });
    expect(ack.ok).toBe(true);
    const id = ack.ok ? ack.data.id : '';
    expect((await lee.call('PUT', `/messages/${id}/reactions/${encodeURIComponent('👀')}`)).status).toBe(200);
    expect((await kim.call('PATCH', `/messages/${id}`, { body: '@lee.mois 내부 검토 의견 (수정)' })).status).toBe(200);
    kimSocket.emit('typing', { roomId });
    expect(await leeSocket.emitWithAck('room.read', { roomId, seq: ack.ok ? ack.data.seq : '0' })).toMatchObject({
      ok: true,
    });
    // Proof the events were sent at all: a member heard each kind.
    await eventually(() =>
      expect(new Set(leeSaw)).toEqual(
        new Set(['messages.created', 'mentioned', 'message.updated', 'typing', 'read.updated']),
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
  };

  it('keeps outsiders out: no read, no search, no send, nothing over the socket', async () => {
    const outsiderSocket = await open(outsider);
    const saw = recordMessages(outsiderSocket);
    const anything: Array<{ event: string; payload: unknown }> = [];
    outsiderSocket.onAny((event: string, payload: unknown) => anything.push({ event, payload }));
    const read = await outsider.call<{ code: string }>('GET', `/rooms/${room.id}/messages`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('ROOM_NOT_FOUND');
    expect((await outsider.call('GET', `/rooms/${room.id}`)).status).toBe(404);
    expect((await outsider.call('GET', `/rooms/${room.id}/members`)).status).toBe(404);
    // Members see each other with what a mention needs (@login) and where each one works.
    const members = await park.call<
      Array<{ userId: string; login: string; displayName: string; agencyName: string | null }>
    >('GET', `/rooms/${room.id}/members`);
    expect(members.body.find((m) => m.userId === ids.kim)).toMatchObject({
      login: 'kim.mois',
      displayName: '김행안',
      agencyName: '행정안전부',
    });
    const search = await outsider.call<MessageView[]>('GET', `/search/messages?q=${encodeURIComponent('자료')}`);
    expect(search.status).toBe(200);
    expect(search.body).toEqual([]);
    expect(
      (await outsider.call('GET', `/search/messages?q=${encodeURIComponent('자료')}&room=${room.id}`)).status,
    ).toBe(404);
    const send = await outsiderSocket.emitWithAck('message.send', {
      roomId: room.id,
      clientMessageId: cid(),
      body: '끼어들기',
    });
    expect(send).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });

    const posted = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '비공개 내용',
    });
    expect((await outsider.call('GET', `/messages/${posted.body.id}/receipt`)).status).toBe(404);
    expect((await outsider.call('PUT', `/messages/${posted.body.id}/reactions/👍`)).status).toBe(404);
    await busyRoom(room.id);
    expect(saw).toEqual([]);
    expect(anything).toEqual([]);
  });

  it('a member who left a room is sent nothing of it after leaving', async () => {
    const own = (
      await kim.call<RoomView>('POST', '/rooms', {
        kind: 'collaboration',
        name: '떠난 사람',
        userIds: [ids.lee, ids.park],
      })
    ).body;
    const parkSocket = await open(park);
    const before = recordMessages(parkSocket);
    await kim.call('POST', `/rooms/${own.id}/messages`, { clientMessageId: cid(), body: '떠나기 전' });
    await eventually(() => expect(before.map((m) => m.body)).toEqual(['떠나기 전']));
    const after: Array<{ event: string; payload: unknown }> = [];
    parkSocket.onAny((event: string, payload: unknown) => after.push({ event, payload }));
    expect((await park.call('DELETE', `/rooms/${own.id}/members/me`)).status).toBe(204);
    await eventually(() => expect(after.map((e) => e.event)).toContain('room.left'));
    await busyRoom(own.id);
    expect(after).toEqual([{ event: 'room.left', payload: { roomId: own.id } }]);
  });

  it('finds Korean words inside sentences, only in rooms the user can read', async () => {
    await kim.call('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '올해 부처간협업과제 목록을 정리했습니다',
    });
    const found = await park.call<MessageView[]>('GET', `/search/messages?q=${encodeURIComponent('협업')}`);
    expect(found.body.map((m) => m.body)).toContain('올해 부처간협업과제 목록을 정리했습니다');
    const percent = await park.call<MessageView[]>('GET', `/search/messages?q=${encodeURIComponent('%%')}`);
    expect(percent.body).toEqual([]);
  });

  it('tracks read state: read by N of M, unread and mention counts', async () => {
    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '@lee.mois @국민권익위원회 검토 부탁드립니다',
    });
    expect(sent.body.mentions.sort()).toEqual([ids.lee, ids.park].sort());

    const leeRooms = await lee.call<Array<{ id: string; unread: number; mentions: number }>>('GET', '/rooms');
    const mine = leeRooms.body.find((r) => r.id === room.id);
    expect(mine?.mentions).toBe(1);
    expect(mine?.unread).toBeGreaterThan(0);

    let receipt = await kim.call<{ readCount: number; memberCount: number }>(
      'GET',
      `/messages/${sent.body.id}/receipt`,
    );
    expect(receipt.body).toMatchObject({ readCount: 0, memberCount: 2 });
    await lee.call('POST', `/rooms/${room.id}/read`, { seq: sent.body.seq });
    receipt = await kim.call('GET', `/messages/${sent.body.id}/receipt`);
    expect(receipt.body).toMatchObject({
      readCount: 1,
      memberCount: 2,
      readers: [{ userId: ids.lee, displayName: '이행안' }],
    });
    const after = await lee.call<Array<{ id: string; unread: number; mentions: number }>>('GET', '/rooms');
    expect(after.body.find((r) => r.id === room.id)).toMatchObject({ unread: 0, mentions: 0 });
  });

  it('edits, deletes softly, threads and reacts', async () => {
    const kimSocket = await open(kim);
    const updates = record(kimSocket, 'message.updated');
    const root = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '스레드 시작',
    });
    const replyTo = await lee.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '답글',
      threadRootId: root.body.id,
    });
    expect(replyTo.body.threadRootId).toBe(root.body.id);
    // The root's new reply count reaches whoever shows it.
    await eventually(() =>
      expect(updates.find((m) => m.id === root.body.id)).toMatchObject({ replyCount: 1, body: '스레드 시작' }),
    );
    // A link to one message (a digest mail, a search hit) reads it, for its members only.
    expect((await park.call<MessageView>('GET', `/messages/${replyTo.body.id}`)).body).toMatchObject({
      id: replyTo.body.id,
      seq: replyTo.body.seq,
      threadRootId: root.body.id,
    });
    expect((await outsider.call('GET', `/messages/${replyTo.body.id}`)).status).toBe(404);
    const thread = await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?thread=${root.body.id}`);
    expect(thread.body.map((m) => m.body)).toEqual(['답글']);
    const main = await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`);
    expect(main.body.find((m) => m.id === root.body.id)?.replyCount).toBe(1);
    expect(main.body.some((m) => m.id === replyTo.body.id)).toBe(false);

    expect((await lee.call('PATCH', `/messages/${root.body.id}`, { body: '남의 글 수정' })).status).toBe(403);
    const edited = await kim.call<MessageView>('PATCH', `/messages/${root.body.id}`, { body: '스레드 시작 (수정)' });
    expect(edited.body).toMatchObject({ body: '스레드 시작 (수정)', editedAt: expect.any(String) });

    const reacted = await lee.call<MessageView>(
      'PUT',
      `/messages/${root.body.id}/reactions/${encodeURIComponent('👍')}`,
    );
    expect(reacted.body.reactions).toEqual([{ emoji: '👍', userIds: [ids.lee] }]);

    expect((await lee.call('DELETE', `/messages/${root.body.id}`)).status).toBe(403);
    expect((await kim.call('DELETE', `/messages/${root.body.id}`)).status).toBe(204);
    const gone = await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`);
    expect(gone.body.find((m) => m.id === root.body.id)).toMatchObject({ body: '', deletedAt: expect.any(String) });
  });

  it('pages by cursor both ways', async () => {
    const own = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '페이지 시험' })).body;
    for (let i = 1; i <= 7; i++)
      await kim.call('POST', `/rooms/${own.id}/messages`, { clientMessageId: cid(), body: `m${i}` });
    const newest = await kim.call<MessageView[]>('GET', `/rooms/${own.id}/messages?limit=3`);
    expect(newest.body.map((m) => m.body)).toEqual(['m5', 'm6', 'm7']);
    const older = await kim.call<MessageView[]>(
      'GET',
      `/rooms/${own.id}/messages?limit=3&before=${newest.body[0]?.seq}`,
    );
    expect(older.body.map((m) => m.body)).toEqual(['m2', 'm3', 'm4']);
    const newer = await kim.call<MessageView[]>('GET', `/rooms/${own.id}/messages?limit=2&after=${older.body[0]?.seq}`);
    expect(newer.body.map((m) => m.body)).toEqual(['m3', 'm4']);
  });

  it('rooms: group stays in one agency, direct rooms are one per pair, agency rooms follow the org chart', async () => {
    const cross = await kim.call<{ code: string }>('POST', '/rooms', {
      kind: 'group',
      name: '혼합',
      userIds: [ids.park],
    });
    expect(cross.status).toBe(400);
    expect(cross.body.code).toBe('CROSS_AGENCY_NOT_ALLOWED');

    const d1 = await kim.call<RoomView>('POST', '/rooms/direct', { userId: ids.park });
    const d2 = await park.call<RoomView>('POST', '/rooms/direct', { userId: ids.kim });
    expect(d1.body.id).toBe(d2.body.id);
    expect(d1.body.kind).toBe('direct');

    const kimRooms = await kim.call<Array<{ kind: string; name: string }>>('GET', '/rooms');
    expect(kimRooms.body.filter((r) => r.kind === 'agency').map((r) => r.name)).toEqual(['행정안전부']);
    const parkRooms = await park.call<Array<{ id: string; kind: string; name: string }>>('GET', '/rooms');
    const acrcRoom = parkRooms.body.find((r) => r.kind === 'agency');
    expect(acrcRoom?.name).toBe('국민권익위원회');
    expect((await kim.call('GET', `/rooms/${acrcRoom?.id}/messages`)).status).toBe(404);

    expect((await lee.call('PATCH', `/rooms/${room.id}`, { name: '권한 없음' })).status).toBe(403);
    expect((await park.call('DELETE', `/rooms/${room.id}/members/me`)).status).toBe(204);
    expect((await park.call('GET', `/rooms/${room.id}/messages`)).status).toBe(404);
  });

  it('invitations follow the room policy: owners invite by default, members once an owner allows it; direct rooms take none', async () => {
    const team = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '초대 정책', userIds: [ids.lee] }))
      .body;
    expect(team.invitePolicy).toBe('managers');
    const byMember = await lee.call<{ code: string }>('POST', `/rooms/${team.id}/members`, {
      agencyIds: [agencies.mois.id],
    });
    expect(byMember.status).toBe(403);
    expect(byMember.body.code).toBe('NOT_ROOM_OWNER');
    expect(
      (await outsider.call<{ code: string }>('POST', `/rooms/${team.id}/members`, { userIds: [ids.outsider] })).body
        .code,
    ).toBe('ROOM_NOT_FOUND');
    // Only an owner changes the policy.
    expect(
      (await lee.call<{ code: string }>('PATCH', `/rooms/${team.id}`, { invitePolicy: 'members' })).body.code,
    ).toBe('NOT_ROOM_OWNER');
    expect((await kim.call('PATCH', `/rooms/${team.id}`, { invitePolicy: 'anyone' })).status).toBe(400);
    const opened = await kim.call<RoomView>('PATCH', `/rooms/${team.id}`, { invitePolicy: 'members' });
    expect(opened.body.invitePolicy).toBe('members');
    expect((await kim.call<RoomView>('GET', `/rooms/${team.id}`)).body.invitePolicy).toBe('members');
    const invited = await lee.call<{ added: string[] }>('POST', `/rooms/${team.id}/members`, {
      agencyIds: [agencies.mois.id],
    });
    expect(invited.status).toBe(201);
    // A direct room takes no invitations, whoever asks.
    const direct = (await kim.call<RoomView>('POST', '/rooms/direct', { userId: ids.lee })).body;
    expect(
      (await kim.call<{ code: string }>('POST', `/rooms/${direct.id}/members`, { userIds: [ids.park] })).body.code,
    ).toBe('ROOM_KIND_FIXED');
  });

  it('agency rooms follow the directory: new staff are in before they ever sign in, with the history read; a worker start moves whoever moved or left outside Ieum', async () => {
    const factory = new Factory(a.app);
    const agencyRoom = async (client: ApiClient) =>
      (
        await client.call<Array<{ id: string; kind: string; unread: number; mentions: number }>>('GET', '/rooms')
      ).body.find((r) => r.kind === 'agency');
    const moisRoom = await agencyRoom(kim);
    const parkRoom = await agencyRoom(park);
    const memberIds = async (roomId: string) =>
      (
        await withAdmin(a.config.database.url, (c) =>
          c.query<{ user_id: string }>('SELECT user_id FROM room_members WHERE room_id = $1', [roomId]),
        )
      ).rows.map((r) => r.user_id);
    await kim.call('POST', `/rooms/${moisRoom?.id ?? ''}/messages`, {
      clientMessageId: cid(),
      body: '신규 직원 오기 전 공지',
    });

    const newcomer = await factory.user(agencies.mois, { login: 'new.mois', displayName: '신규행안' });
    const leaver = await factory.user(agencies.mois, { login: 'leaving.mois', displayName: '퇴직행안' });
    await waitForJobs(a.app);
    expect(await memberIds(moisRoom?.id ?? '')).toEqual(expect.arrayContaining([newcomer.id, leaver.id]));
    const everyone = await kim.call<MessageView>('POST', `/rooms/${moisRoom?.id ?? ''}/messages`, {
      clientMessageId: cid(),
      body: '@room 전 직원 회의',
    });
    expect(everyone.body.mentions).toEqual(expect.arrayContaining([newcomer.id, leaver.id]));
    // What was said before they joined counts as read; the mention does not.
    expect(await agencyRoom(await ApiClient.signIn(a.baseUrl, 'new.mois'))).toMatchObject({ unread: 1, mentions: 1 });

    // The directory changed outside Ieum (a transfer and a departure written by another system).
    await withAdmin(a.config.database.url, async (c) => {
      await c.query(`UPDATE users SET agency_id = $2 WHERE id = $1`, [newcomer.id, agencies.acrc.id]);
      await c.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [leaver.id]);
    });
    const worker = await startTestApp({ ...a.config, roles: new Set(['worker']) });
    await worker.close();
    expect(await memberIds(moisRoom?.id ?? '')).not.toContain(newcomer.id);
    expect(await memberIds(moisRoom?.id ?? '')).not.toContain(leaver.id);
    expect(await memberIds(parkRoom?.id ?? '')).toContain(newcomer.id);
  });

  it('refuses sockets without a valid token', async () => {
    const bad = await (async () => {
      const { io } = await import('socket.io-client');
      const s = io(a.baseUrl, {
        path: '/socket.io',
        auth: { token: 'nope' },
        transports: ['websocket'],
        reconnection: false,
      });
      return new Promise<{ message: string; data?: { code?: string } }>((resolve) =>
        s.once('connect_error', (e) => resolve(e as never)),
      );
    })();
    expect(bad.data?.code).toBe('INVALID_TOKEN');
  });
});
