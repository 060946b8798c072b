import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ChangesPage, MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient, eventually, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;
const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

/**
 * What a client holds of one room, built the way a client should: the change feed from a number
 * it knows, and live events, each view kept only when its change number is not older than the
 * view held. Deletions come to it as views from the feed; live ones are not used here.
 */
class Replica {
  readonly byId = new Map<string, MessageView>();
  /** The feed's high-water mark: every change up to it is reflected here. */
  changeSeq = '0';
  /** Every view the feed returned, to count duplicates. */
  readonly fromFeed: MessageView[] = [];
  readonly liveChangeSeqs: string[] = [];

  constructor(private readonly roomId: string) {}

  apply(view: MessageView): void {
    const held = this.byId.get(view.id);
    if (!held || !newer(held.changeSeq, view.changeSeq)) this.byId.set(view.id, view);
  }

  listen(socket: ClientSocket): void {
    socket.on('messages.created', (event) => {
      for (const m of event.messages) {
        this.liveChangeSeqs.push(m.changeSeq);
        this.apply(m);
      }
    });
    socket.on('message.updated', (m) => {
      this.liveChangeSeqs.push(m.changeSeq);
      this.apply(m);
    });
  }

  /** Pages the feed over the socket from the high-water mark until it has no more. */
  async fill(socket: ClientSocket, limit: number): Promise<number> {
    let pages = 0;
    for (;;) {
      const reply = await socket.emitWithAck('room.changes', { roomId: this.roomId, after: this.changeSeq, limit });
      if (!reply.ok) throw new Error(`room.changes refused: ${reply.error.code}`);
      pages++;
      for (const m of reply.data.changes) {
        this.fromFeed.push(m);
        this.apply(m);
      }
      this.changeSeq = reply.data.lastChangeSeq;
      if (!reply.data.hasMore) return pages;
    }
  }

  /** The main timeline (thread replies are in the feed too, shown in their thread). */
  state(): MessageView[] {
    return [...this.byId.values()]
      .filter((m) => m.threadRootId === null)
      .sort((x, y) => (newer(x.seq, y.seq) ? 1 : -1));
  }
}

/** The room's whole main timeline as the server has it now, oldest first. */
async function serverState(client: ApiClient, roomId: string): Promise<MessageView[]> {
  const all: MessageView[] = [];
  for (let after = '0'; ;) {
    const page = await client.call<MessageView[]>('GET', `/rooms/${roomId}/messages?after=${after}&limit=100`);
    all.push(...page.body);
    if (page.body.length < 100) return all;
    after = page.body[page.body.length - 1].seq;
  }
}

describe('realtime gap fill', () => {
  let app: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let park: ApiClient;
  let outsider: ApiClient;
  let room: RoomView;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    app = await startTestApp(await createTestConfig());
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    const users = await Promise.all([
      factory.user(mois, { login: 'kim.mois', displayName: '김행안' }),
      factory.user(mois, { login: 'lee.mois', displayName: '이행안' }),
      factory.user(acrc, { login: 'park.acrc', displayName: '박권익' }),
      factory.user(acrc, { login: 'choi.acrc', displayName: '최외부' }),
    ]);
    [kim, lee, park, outsider] = await Promise.all(users.map((u) => ApiClient.signIn(app.baseUrl, u.login)));
    room = (
      await kim.call<RoomView>('POST', '/rooms', {
        kind: 'collaboration',
        name: '끊김 복구 시험',
        userIds: [users[1].id, users[2].id],
      })
    ).body;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
  });

  const open = async (client: ApiClient) => {
    const socket = await client.socket();
    sockets.push(socket);
    return socket;
  };

  it('a client cut off while 200 messages are sent, 10 edited, 5 deleted and reactions changed fills its gap from the feed exactly', async () => {
    const kimSocket = await open(kim);
    const send = async (body: string) => {
      const ack = await kimSocket.emitWithAck('message.send', { roomId: room.id, clientMessageId: cid(), body });
      if (!ack.ok) throw new Error(`send refused: ${ack.error.code}`);
      return ack.data;
    };

    // Before the cut: lee's client holds the room from the feed and follows it live.
    const replica = new Replica(room.id);
    let leeSocket = await open(lee);
    replica.listen(leeSocket);
    const before: MessageView[] = [];
    for (let i = 0; i < 20; i++) before.push(await send(`끊기 전 ${i}`));
    await replica.fill(leeSocket, 100);
    await eventually(() => expect(replica.state()).toEqual(before));
    expect(replica.liveChangeSeqs.length).toBe(20);
    const room0 = await lee.call<RoomView>('GET', `/rooms/${room.id}`);
    expect(room0.body.lastChangeSeq).toBe(replica.changeSeq);
    const heldAtCut = replica.state();
    const changeSeqAtCut = replica.changeSeq;

    leeSocket.disconnect();

    // While lee is away: 200 messages, sent 25 at a time so the group commit takes several at once.
    const during: MessageView[] = [];
    for (let i = 0; i < 200; i += 25) {
      // One in each 25 names someone, so it goes the slower way (its own transaction) among the batched ones.
      during.push(
        ...(await Promise.all(
          Array.from({ length: 25 }, (_, j) => send(`${j === 0 ? '@park.acrc ' : ''}끊긴 동안 ${i + j}`)),
        )),
      );
    }
    const edited = [...before.slice(0, 5), ...during.slice(0, 5)];
    for (const [i, m] of edited.entries())
      expect((await kim.call('PATCH', `/messages/${m.id}`, { body: `고친 글 ${i}` })).status).toBe(200);
    const deleted = [...before.slice(5, 8), ...during.slice(5, 7)];
    for (const m of deleted) expect((await kim.call('DELETE', `/messages/${m.id}`)).status).toBe(204);
    const reacted = [...before.slice(10, 13), ...during.slice(10, 12)];
    for (const m of reacted)
      expect((await park.call('PUT', `/messages/${m.id}/reactions/${encodeURIComponent('👍')}`)).status).toBe(200);
    // A reaction taken back, and one given twice (no change), change nothing a client can see but the number.
    expect((await park.call('PUT', `/messages/${before[15].id}/reactions/${encodeURIComponent('🎉')}`)).status).toBe(
      200,
    );
    expect((await park.call('DELETE', `/messages/${before[15].id}/reactions/${encodeURIComponent('🎉')}`)).status).toBe(
      200,
    );
    expect((await park.call('PUT', `/messages/${reacted[0].id}/reactions/${encodeURIComponent('👍')}`)).status).toBe(
      200,
    );

    // A thread reply changes its root's reply count.
    const reply = await park.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '답글',
      threadRootId: before[16].id,
    });
    expect(reply.status).toBe(201);

    const server = await serverState(lee, room.id);
    expect(server.find((m) => m.id === before[16].id)?.replyCount).toBe(1);
    // Eight named park; the first of them was edited since, without the name.
    expect(server.filter((m) => m.mentions.length > 0)).toHaveLength(7);
    expect(server).toHaveLength(220);
    expect(server.filter((m) => m.editedAt !== null)).toHaveLength(10);
    expect(server.filter((m) => m.deletedAt !== null)).toHaveLength(5);

    // Rebuilt from `?after=` alone, the client would keep the old text of edited and deleted messages.
    const afterOnly = new Map(heldAtCut.map((m) => [m.id, m]));
    for (let after = heldAtCut[heldAtCut.length - 1].seq; ;) {
      const page = (await lee.call<MessageView[]>('GET', `/rooms/${room.id}/messages?after=${after}&limit=100`)).body;
      for (const m of page) afterOnly.set(m.id, m);
      if (page.length < 100) break;
      after = page[page.length - 1].seq;
    }
    expect([...afterOnly.values()].map((m) => m.body)).not.toEqual(server.map((m) => m.body));

    // Reconnected: the feed from the number held at the cut, 50 changes a page.
    leeSocket = await open(lee);
    replica.listen(leeSocket);
    const pages = await replica.fill(leeSocket, 50);
    expect(pages).toBeGreaterThan(4);
    expect(replica.state()).toEqual(server);
    // None twice: each changed message came once, in change order.
    const ids = replica.fromFeed.slice(20).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const touched = new Set(
      [...during, ...edited, ...deleted, ...reacted, before[15], before[16], reply.body].map((m) => m.id),
    );
    expect(new Set(ids)).toEqual(touched);
    const numbers = replica.fromFeed.slice(20).map((m) => BigInt(m.changeSeq));
    expect(numbers).toEqual([...numbers].sort((x, y) => (x < y ? -1 : 1)));
    expect(numbers.every((n) => n > BigInt(changeSeqAtCut))).toBe(true);
    expect(replica.changeSeq).toBe((await lee.call<RoomView>('GET', `/rooms/${room.id}`)).body.lastChangeSeq);

    // The same over HTTP, in one page.
    const http = await lee.call<ChangesPage>('GET', `/rooms/${room.id}/changes?after=${changeSeqAtCut}&limit=500`);
    expect(http.status).toBe(200);
    expect(http.body.hasMore).toBe(false);
    expect(http.body.changes.map((m) => m.id)).toEqual(ids);
    expect(http.body.lastChangeSeq).toBe(replica.changeSeq);
  });

  it('live changes that arrive while the feed is being read end in the server’s state too, and every event carries its change number', async () => {
    const kimSocket = await open(kim);
    const replica = new Replica(room.id);
    const leeSocket = await open(lee);
    replica.listen(leeSocket);
    const deletedEvents: Array<{ changeSeq: string }> = [];
    leeSocket.on('message.deleted', (e) => deletedEvents.push(e));
    const sends = Array.from({ length: 60 }, (_, i) =>
      kimSocket.emitWithAck('message.send', { roomId: room.id, clientMessageId: cid(), body: `동시에 ${i}` }),
    );
    await replica.fill(leeSocket, 40);
    const acks = await Promise.all(sends);
    const sent = acks.map((a) => (a.ok ? a.data : null)).filter((m): m is MessageView => m !== null);
    expect(sent).toHaveLength(60);
    for (const m of sent.slice(0, 3))
      expect((await kim.call('PATCH', `/messages/${m.id}`, { body: `${m.body} (고침)` })).status).toBe(200);
    expect((await kim.call('DELETE', `/messages/${sent[3].id}`)).status).toBe(204);
    await eventually(() => expect(deletedEvents.map((e) => e.changeSeq)).toHaveLength(1));
    // A deletion's event carries no view; the feed brings it.
    await replica.fill(leeSocket, 500);
    await eventually(async () => expect(replica.state()).toEqual(await serverState(lee, room.id)));
    expect(replica.liveChangeSeqs.every((n) => /^\d+$/.test(n))).toBe(true);
    expect(BigInt(deletedEvents[0].changeSeq)).toBeLessThanOrEqual(BigInt(replica.changeSeq));
  });

  it('is read by the room’s members only', async () => {
    const http = await outsider.call<{ code: string }>('GET', `/rooms/${room.id}/changes?after=0`);
    expect(http.status).toBe(404);
    expect(http.body.code).toBe('ROOM_NOT_FOUND');
    const socket = await open(outsider);
    const reply = await socket.emitWithAck('room.changes', { roomId: room.id, after: '0' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
    const bad = await lee.call<{ code: string }>('GET', `/rooms/${room.id}/changes?after=-1`);
    expect(bad.status).toBe(400);
  });
});
