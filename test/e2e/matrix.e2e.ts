import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, commandOutcome, eventually } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { MatrixHomeserverStandIn } from '../utils/matrix-homeserver.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;
const SLOW = 15_000;
const MAX_FILE = 256 * 1024;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(300, 7)]);

describe('the Matrix bridge, against the homeserver stand-in', () => {
  let app: TestApp;
  let hs: MatrixHomeserverStandIn;
  let kim: ApiClient;
  let lee: ApiClient;
  let kimId: string;
  let leeId: string;
  let room: RoomView;
  let matrixRoomId: string;
  let alice: string;

  const say = async (client: ApiClient, body: string): Promise<MessageView> => {
    const sent = await client.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body });
    expect(sent.status).toBe(201);
    return sent.body;
  };
  const ieumMessages = async () => (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`)).body;
  const puppet = () => `@ieum_${kimId}:hs.test`;
  const fromKim = () =>
    hs
      .visibleMessages(matrixRoomId)
      .filter((m) => m.sender === puppet())
      .map((m) => m.body);
  const upload = async (name: string, bytes: Buffer) => {
    const res = await fetch(`${app.baseUrl}/rooms/${room.id}/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kim.token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const download = async (fileId: string) => {
    const res = await fetch(`${app.baseUrl}/files/${fileId}/content`, {
      headers: { authorization: `Bearer ${lee.token}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const fromAlice = async (marker: string) => {
    let found: MessageView | undefined;
    await eventually(async () => {
      found = (await ieumMessages()).find((m) => m.body.startsWith('Alice Schmidt') && m.body.includes(marker));
      expect(found).toBeDefined();
    }, SLOW);
    return found!;
  };
  const lane = () =>
    withAdmin(
      app.config.database.url ?? '',
      async (c) =>
        (
          await c.query<{ failures: number; parked_until: Date | null; last_error: string | null }>(
            `SELECT failures, parked_until, last_error FROM matrix_room_links WHERE room_id = $1`,
            [room.id],
          )
        ).rows[0],
    );

  beforeAll(async () => {
    hs = await MatrixHomeserverStandIn.start({
      serverName: 'hs.test',
      asToken: randomBytes(24).toString('hex'),
      hsToken: randomBytes(24).toString('hex'),
    });
    const config = await createTestConfig({
      env: {
        MATRIX_HOMESERVER_URL: hs.url,
        MATRIX_SERVER_NAME: 'hs.test',
        MATRIX_AS_TOKEN: hs.options.asToken,
        MATRIX_HS_TOKEN: hs.options.hsToken,
        MATRIX_RETRY_BASE_MS: '50',
        MATRIX_RETRY_MAX_MS: '400',
        FILES_MAX_BYTES: String(MAX_FILE),
      },
    });
    app = await startTestApp(config);
    hs.appServiceUrl = app.baseUrl;
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    kimId = (await factory.user(mois, { login: 'kim.mx', displayName: '김행안' })).id;
    leeId = (await factory.user(mois, { login: 'lee.mx', displayName: '이행안' })).id;
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mx');
    lee = await ApiClient.signIn(app.baseUrl, 'lee.mx');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '예산 협의', userIds: [leeId] })).body;
    alice = hs.registerLocalUser('alice', 'Alice Schmidt');
    ({ roomId: matrixRoomId } = hs.createRoom('budget', alice));
  });

  afterAll(async () => {
    await hs.close();
    await app.close();
  });

  it('answers the homeserver only with its hs_token: 401 M_UNAUTHORIZED without one, 403 M_FORBIDDEN with another; users and aliases are not made on demand', async () => {
    expect(await hs.pushRaw('auth-1', { events: [] }, null)).toMatchObject({
      status: 401,
      body: { errcode: 'M_UNAUTHORIZED' },
    });
    expect(await hs.pushRaw('auth-2', { events: [] }, 'x'.repeat(48))).toMatchObject({
      status: 403,
      body: { errcode: 'M_FORBIDDEN' },
    });
    expect(await hs.pushRaw('auth-3', { nothing: true }, hs.options.hsToken)).toMatchObject({
      status: 400,
      body: { errcode: 'M_BAD_JSON' },
    });
    const user = await fetch(`${app.baseUrl}/_matrix/app/v1/users/${encodeURIComponent('@ieum_x:hs.test')}`, {
      headers: { authorization: `Bearer ${hs.options.hsToken}` },
    });
    expect([user.status, await user.json()]).toEqual([404, expect.objectContaining({ errcode: 'M_NOT_FOUND' })]);
    const alias = await fetch(`${app.baseUrl}/_matrix/app/v1/rooms/${encodeURIComponent('#ieum_x:hs.test')}`, {
      headers: { authorization: `Bearer ${hs.options.hsToken}` },
    });
    expect(alias.status).toBe(404);
  });

  it('a room owner links the room with /matrix link and a /confirm; a member who is not an owner may not; /matrix status tells anyone', async () => {
    const refused = await commandOutcome(lee, (await say(lee, '/matrix link #budget:hs.test')).id);
    if (refused.status === 'awaiting_confirmation') {
      const code = /\/(?:확인|confirm) ([A-Z0-9]{6})/.exec(refused.reply ?? '')?.[1] ?? '';
      expect((await commandOutcome(lee, (await say(lee, `/confirm ${code}`)).id)).errorCode).toBe('NOT_ROOM_OWNER');
    } else {
      expect(refused.errorCode).toBe('NOT_ROOM_OWNER');
    }
    const ask = await commandOutcome(kim, (await say(kim, '/matrix link #budget:hs.test')).id);
    expect(ask.status).toBe('awaiting_confirmation');
    const code = /\/(?:확인|confirm) ([A-Z0-9]{6})/.exec(ask.reply ?? '')?.[1] ?? '';
    const confirmed = await commandOutcome(kim, (await say(kim, `/confirm ${code}`)).id);
    expect(confirmed).toMatchObject({ status: 'done', errorCode: null });
    expect(hs.isMember(matrixRoomId, hs.botUserId)).toBe(true);
    const status = await commandOutcome(lee, (await say(lee, '/matrix status')).id);
    expect(status.reply).toContain(`#budget:hs.test (${matrixRoomId})`);
    // The same over HTTP for the web client's room panel: members only.
    const state = await lee.call<{
      available: boolean;
      link: { matrixAlias: string; matrixRoomId: string; failures: number } | null;
    }>('GET', `/rooms/${room.id}/matrix`);
    expect(state).toMatchObject({
      status: 200,
      body: { available: true, link: { matrixAlias: '#budget:hs.test', matrixRoomId, failures: 0 } },
    });
    const outsiderAgency = await new Factory(app.app).agency({ code: '1311000', name: '외부기관' });
    await new Factory(app.app).user(outsiderAgency, { login: 'out.mx', displayName: '외부인' });
    const outsider = await ApiClient.signIn(app.baseUrl, 'out.mx');
    expect((await outsider.call('GET', `/rooms/${room.id}/matrix`)).status).toBe(404);
    await waitForJobs(app.app);
    // None of that (commands, the bot's answers) went to Matrix.
    expect(hs.visibleMessages(matrixRoomId)).toEqual([]);
  });

  it('Matrix → Ieum: text (HTML made safe text) under the person’s display name from the bridge, never as staff; an edit; a redaction; a replayed transaction posts nothing again', async () => {
    const first = hs.say(
      alice,
      matrixRoomId,
      '안녕하세요 *여러분*',
      '안녕하세요 <b>여러분</b><script>alert(1)</script><img src="http://x/y.png">',
    );
    await hs.flush();
    let posted: MessageView | undefined;
    await eventually(async () => {
      posted = (await ieumMessages()).find((m) => m.body.startsWith('Alice Schmidt'));
      expect(posted).toBeDefined();
    });
    expect(posted).toMatchObject({
      kind: 'bot',
      senderName: 'Matrix 연결',
      body: 'Alice Schmidt (@alice:hs.test)\n안녕하세요 여러분',
    });
    const members = (await kim.call<Array<{ userId: string }>>('GET', `/rooms/${room.id}/members`)).body;
    expect(members.map((m) => m.userId)).not.toContain(posted?.senderId);

    hs.edit(alice, matrixRoomId, first, '안녕하세요, 모두');
    await hs.flush();
    await eventually(async () =>
      expect((await ieumMessages()).find((m) => m.id === posted?.id)).toMatchObject({
        body: 'Alice Schmidt (@alice:hs.test)\n안녕하세요, 모두',
      }),
    );
    expect(
      (await ieumMessages()).filter((m) => m.senderId === posted?.senderId && !m.body.startsWith('이 방을')).length,
    ).toBe(1);

    // The transaction that carried the first message, pushed again with one more event: already committed, so nothing of it is posted.
    const carried = hs.delivered.find((d) => d.events.some((e) => e.event_id === first));
    expect(carried).toBeDefined();
    const extra = {
      ...carried!.events.find((e) => e.event_id === first)!,
      event_id: `$replayed${randomUUID()}`,
      content: { msgtype: 'm.text', body: '두 번째로 온 트랜잭션' },
    };
    expect(await hs.replay(carried!.txnId, [...carried!.events, extra])).toBe(200);
    await waitForJobs(app.app);
    expect((await ieumMessages()).some((m) => m.body.includes('두 번째로 온 트랜잭션'))).toBe(false);

    hs.redact(alice, matrixRoomId, first);
    await hs.flush();
    await eventually(async () =>
      expect((await ieumMessages()).find((m) => m.id === posted?.id)?.deletedAt).not.toBeNull(),
    );
    await waitForJobs(app.app);
    // Nothing that came from Matrix went back to it.
    expect(hs.visibleMessages(matrixRoomId).filter((m) => m.sender !== alice)).toEqual([]);
  });

  it('Ieum → Matrix: as the sender’s puppet “이름 (기관)”, plain and HTML bodies; an edit (m.replace) and a deletion (redaction); the puppet’s own events are not echoed back', async () => {
    const sent = await say(kim, '보고서 <초안> 공유드립니다\n검토 부탁드립니다');
    await waitForJobs(app.app);
    await eventually(() => expect(fromKim()).toEqual(['보고서 <초안> 공유드립니다\n검토 부탁드립니다']), SLOW);
    expect(hs.displayNameOf(puppet())).toBe('김행안 (행정안전부)');
    expect(hs.visibleMessages(matrixRoomId).find((m) => m.sender === puppet())?.html).toBe(
      '보고서 &lt;초안&gt; 공유드립니다<br>검토 부탁드립니다',
    );

    expect((await kim.call('PATCH', `/messages/${sent.id}`, { body: '보고서 최종본 공유드립니다' })).status).toBe(200);
    await waitForJobs(app.app);
    await eventually(() => expect(fromKim()).toEqual(['보고서 최종본 공유드립니다']), SLOW);

    const gone = await say(kim, '잘못 보낸 메시지');
    await waitForJobs(app.app);
    await eventually(() => expect(fromKim()).toContain('잘못 보낸 메시지'), SLOW);
    expect((await kim.call('DELETE', `/messages/${gone.id}`)).status).toBe(204);
    await waitForJobs(app.app);
    await eventually(() => expect(fromKim()).toEqual(['보고서 최종본 공유드립니다']), SLOW);

    await hs.flush();
    await waitForJobs(app.app);
    // The homeserver pushed the puppet's events back to the bridge; none became an Ieum message.
    expect((await ieumMessages()).filter((m) => m.body.includes('보고서')).map((m) => m.id)).toEqual([sent.id]);
  });

  it('threads both ways: an Ieum thread reply goes out as m.thread under its root’s event, a Matrix m.thread reply lands in the root’s Ieum thread', async () => {
    const root = await say(kim, '스레드 시작');
    await eventually(() => expect(fromKim()).toContain('스레드 시작'), SLOW);
    const rootEvent = hs.visibleMessages(matrixRoomId).find((m) => m.body === '스레드 시작')?.eventId;
    const reply = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '스레드 답글',
      threadRootId: root.id,
    });
    expect(reply.status).toBe(201);
    await eventually(
      () => expect(hs.visibleMessages(matrixRoomId).find((m) => m.body === '스레드 답글')?.thread).toBe(rootEvent),
      SLOW,
    );

    hs.say(alice, matrixRoomId, 'Matrix 쪽 답글', undefined, rootEvent);
    await hs.flush();
    await eventually(async () => {
      const thread = (
        await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100&thread=${root.id}`)
      ).body.filter((m) => m.threadRootId === root.id);
      expect(thread.map((m) => m.body)).toEqual(['스레드 답글', 'Alice Schmidt (@alice:hs.test)\nMatrix 쪽 답글']);
    }, SLOW);
    await waitForJobs(app.app);
  });

  it('files and images both ways, byte for byte: out as the puppet’s upload in m.file/m.image, in through the authenticated download into Ieum’s storage with the type sniffed', async () => {
    const report = randomBytes(70_000);
    const reportId = await upload('예산안 2027.hwp', report);
    const imageId = await upload('현장 사진.png', PNG);
    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '자료 보냅니다',
      fileIds: [reportId, imageId],
    });
    expect(sent.status).toBe(201);
    let out: ReturnType<typeof hs.visibleMessages> = [];
    await eventually(() => {
      out = hs
        .visibleMessages(matrixRoomId)
        .filter((m) => m.sender === puppet() && (m.msgtype === 'm.file' || m.msgtype === 'm.image'));
      expect(out.map((m) => [m.msgtype, m.body])).toEqual([
        ['m.file', '예산안 2027.hwp'],
        ['m.image', '현장 사진.png'],
      ]);
    }, SLOW);
    expect(fromKim()).toContain('자료 보냅니다');
    expect(hs.mediaOf(out[0].url!)).toMatchObject({ bytes: report, uploader: puppet() });
    expect(hs.mediaOf(out[1].url!)).toMatchObject({ bytes: PNG, contentType: 'image/png', uploader: puppet() });

    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(50_000)]);
    hs.sendFile(alice, matrixRoomId, {
      mxcUri: hs.upload(alice, pdf, 'application/octet-stream', 'minutes.pdf'),
      name: 'minutes.pdf',
      msgtype: 'm.file',
      mimetype: 'application/octet-stream',
      size: pdf.length,
    });
    const photo = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(4000, 9)]);
    hs.sendFile(alice, matrixRoomId, {
      mxcUri: hs.upload(alice, photo, 'image/png', 'board.png'),
      name: 'board.png',
      msgtype: 'm.image',
      mimetype: 'image/png',
      size: photo.length,
    });
    await hs.flush();
    const pdfMessage = await fromAlice('minutes.pdf');
    const photoMessage = await fromAlice('board.png');
    expect(pdfMessage.attachments).toEqual([
      expect.objectContaining({ name: 'minutes.pdf', contentType: 'application/pdf', size: pdf.length }),
    ]);
    expect(photoMessage.attachments).toEqual([
      expect.objectContaining({ name: 'board.png', contentType: 'image/png', size: photo.length }),
    ]);
    expect(await download(pdfMessage.attachments[0].id)).toEqual(pdf);
    expect(await download(photoMessage.attachments[0].id)).toEqual(photo);
  });

  it('a Matrix file over the upload limit is not stored: the room gets a short notice instead, whether its size was declared or found on the way', async () => {
    const big = randomBytes(MAX_FILE + 1);
    hs.sendFile(alice, matrixRoomId, {
      mxcUri: hs.upload(alice, big, 'application/zip', 'declared.zip'),
      name: 'declared.zip',
      msgtype: 'm.file',
      mimetype: 'application/zip',
      size: big.length,
    });
    // This one claims to be small; the download says otherwise.
    hs.sendFile(alice, matrixRoomId, {
      mxcUri: hs.upload(alice, big, 'application/zip', 'understated.zip'),
      name: 'understated.zip',
      msgtype: 'm.file',
      mimetype: 'application/zip',
      size: 10,
    });
    await hs.flush();
    for (const name of ['declared.zip', 'understated.zip']) {
      const notice = await fromAlice(name);
      expect(notice.attachments).toEqual([]);
      expect(notice.body).toMatch(/업로드 한도.*옮기지 않았습니다 \/ not carried/);
    }
  });

  it('reactions both ways (m.annotation), and taking one back redacts exactly it', async () => {
    const target = await say(kim, '반응 받을 메시지');
    await eventually(() => expect(fromKim()).toContain('반응 받을 메시지'), SLOW);
    const eventId = hs.visibleMessages(matrixRoomId).find((m) => m.body === '반응 받을 메시지')!.eventId;

    expect((await lee.call('PUT', `/messages/${target.id}/reactions/${encodeURIComponent('👍')}`)).status).toBeLessThan(
      300,
    );
    const leePuppet = `@ieum_${leeId}:hs.test`;
    await eventually(
      () =>
        expect(hs.reactions(matrixRoomId).filter((r) => r.target === eventId)).toEqual([
          expect.objectContaining({ sender: leePuppet, key: '👍' }),
        ]),
      SLOW,
    );
    expect(
      (await lee.call('DELETE', `/messages/${target.id}/reactions/${encodeURIComponent('👍')}`)).status,
    ).toBeLessThan(300);
    await eventually(() => expect(hs.reactions(matrixRoomId).filter((r) => r.target === eventId)).toEqual([]), SLOW);

    const bob = hs.registerLocalUser('bob', 'Bob Martin');
    hs.say(bob, matrixRoomId, '(joins)');
    const aliceReaction = hs.react(alice, matrixRoomId, eventId, '🎉');
    const bobReaction = hs.react(bob, matrixRoomId, eventId, '🎉');
    await hs.flush();
    const reactionsOf = async () => (await ieumMessages()).find((m) => m.id === target.id)?.reactions ?? [];
    await eventually(async () => expect((await reactionsOf()).map((r) => r.emoji)).toEqual(['🎉']), SLOW);
    // One of the two takes theirs back: the other still holds it. Then the second: gone.
    hs.redact(alice, matrixRoomId, aliceReaction);
    await hs.flush();
    await waitForJobs(app.app);
    expect((await reactionsOf()).map((r) => r.emoji)).toEqual(['🎉']);
    hs.redact(bob, matrixRoomId, bobReaction);
    await hs.flush();
    await eventually(async () => expect(await reactionsOf()).toEqual([]), SLOW);
    await waitForJobs(app.app);
    // The bridge's own reaction in Ieum stands for Matrix people: it never went back out.
    expect(hs.reactions(matrixRoomId).filter((r) => r.target === eventId)).toEqual([]);
  });

  it('mentions both ways: an Ieum @mention names the puppet in m.mentions; a Matrix pill of a puppet mentions the Ieum person', async () => {
    await say(kim, '@lee.mx 확인 부탁드립니다, @alice:hs.test 도요');
    let sent: ReturnType<typeof hs.visibleMessages>[number] | undefined;
    await eventually(() => {
      sent = hs.visibleMessages(matrixRoomId).find((m) => m.body.startsWith('@lee.mx 확인'));
      expect(sent).toBeDefined();
    }, SLOW);
    expect(sent!.mentions.sort()).toEqual([`@ieum_${leeId}:hs.test`, alice].sort());

    hs.mention(alice, matrixRoomId, '김행안 (행정안전부) 님, 자료 잘 받았습니다', [
      { userId: puppet(), name: '김행안 (행정안전부)' },
    ]);
    await hs.flush();
    const mentioning = await fromAlice('자료 잘 받았습니다');
    expect(mentioning.body).toContain('@kim.mx 님, 자료 잘 받았습니다');
    expect(mentioning.mentions).toEqual([kimId]);
  });

  it('deletions both ways: an Ieum deletion redacts the message and its files on Matrix; a Matrix redaction deletes the Ieum message with its file', async () => {
    const fileId = await upload('삭제될 파일.txt', Buffer.from('지울 내용'));
    const doomed = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '곧 지울 메시지',
      fileIds: [fileId],
    });
    await eventually(
      () =>
        expect(
          hs.visibleMessages(matrixRoomId).filter((m) => m.body === '곧 지울 메시지' || m.body === '삭제될 파일.txt'),
        ).toHaveLength(2),
      SLOW,
    );
    expect((await kim.call('DELETE', `/messages/${doomed.body.id}`)).status).toBe(204);
    await eventually(
      () =>
        expect(
          hs.visibleMessages(matrixRoomId).filter((m) => m.body === '곧 지울 메시지' || m.body === '삭제될 파일.txt'),
        ).toEqual([]),
      SLOW,
    );

    const bytes = randomBytes(2000);
    const fileEvent = hs.sendFile(alice, matrixRoomId, {
      mxcUri: hs.upload(alice, bytes, 'application/octet-stream', 'retracted.bin'),
      name: 'retracted.bin',
      msgtype: 'm.file',
      mimetype: 'application/octet-stream',
      size: bytes.length,
    });
    await hs.flush();
    const posted = await fromAlice('retracted.bin');
    hs.redact(alice, matrixRoomId, fileEvent);
    await hs.flush();
    await eventually(
      async () => expect((await ieumMessages()).find((m) => m.id === posted.id)?.deletedAt).not.toBeNull(),
      SLOW,
    );
    const gone = await fetch(`${app.baseUrl}/files/${posted.attachments[0].id}/content`, {
      headers: { authorization: `Bearer ${lee.token}` },
    });
    expect(gone.status).toBe(404);
  });

  it('a homeserver that is down parks the room’s lane; back up, it gets everything once and in order', async () => {
    await hs.stop();
    const bodies = ['하나', '둘', '셋', '넷', '다섯'].map((b) => `중단 중 ${b}`);
    for (const body of bodies) await say(kim, body);
    await eventually(async () => expect((await lane())?.failures ?? 0).toBeGreaterThanOrEqual(2), SLOW);
    expect((await lane())?.last_error).toMatch(/^unavailable/);
    const status = await commandOutcome(lee, (await say(lee, '/matrix status')).id);
    expect(status.reply).toMatch(/응답하지 않아|not answering/);
    const parked = (
      await lee.call<{ link: { failures: number; lastError: string | null } }>('GET', `/rooms/${room.id}/matrix`)
    ).body.link;
    expect(parked.failures).toBeGreaterThanOrEqual(2);
    expect(parked.lastError).toMatch(/^unavailable/);

    await hs.start();
    await eventually(() => expect(fromKim().filter((b) => b.startsWith('중단 중'))).toEqual(bodies), SLOW);
    await waitForJobs(app.app);
    await eventually(async () => expect((await lane())?.failures).toBe(0), SLOW);
    const all = fromKim();
    expect(new Set(all).size).toBe(all.length);
  });

  it('a rate-limited homeserver (M_LIMIT_EXCEEDED with retry_after_ms) still gets everything once and in order', async () => {
    const limitedBefore = hs.stats.limited;
    hs.rateLimit(4, 120, 2);
    const bodies = Array.from({ length: 8 }, (_, i) => `제한 중 ${i + 1}`);
    for (const body of bodies) await say(kim, body);
    await eventually(() => expect(fromKim().filter((b) => b.startsWith('제한 중'))).toEqual(bodies), SLOW);
    expect(hs.stats.limited - limitedBefore).toBeGreaterThanOrEqual(2);
    await waitForJobs(app.app);
    const all = fromKim();
    expect(new Set(all).size).toBe(all.length);
  });

  it('one Matrix room that stops answering parks only its own lane: another linked room goes on, and the first catches up in order', async () => {
    const other = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '다른 방', userIds: [] })).body;
    const { roomId: otherMatrix } = hs.createRoom('other', alice);
    const ask = await commandOutcome(
      kim,
      (
        await kim.call<MessageView>('POST', `/rooms/${other.id}/messages`, {
          clientMessageId: cid(),
          body: '/matrix link #other:hs.test',
        })
      ).body.id,
    );
    const code = /\/(?:확인|confirm) ([A-Z0-9]{6})/.exec(ask.reply ?? '')?.[1] ?? '';
    expect(
      (
        await commandOutcome(
          kim,
          (
            await kim.call<MessageView>('POST', `/rooms/${other.id}/messages`, {
              clientMessageId: cid(),
              body: `/confirm ${code}`,
            })
          ).body.id,
        )
      ).status,
    ).toBe('done');

    hs.breakRoom(matrixRoomId);
    const stuck = ['막힌 방 1', '막힌 방 2', '막힌 방 3'];
    for (const body of stuck) await say(kim, body);
    await eventually(async () => expect((await lane())?.failures ?? 0).toBeGreaterThanOrEqual(1), SLOW);
    for (const body of ['다른 방 1', '다른 방 2'])
      await kim.call('POST', `/rooms/${other.id}/messages`, { clientMessageId: cid(), body });
    await eventually(
      () =>
        expect(
          hs
            .visibleMessages(otherMatrix)
            .filter((m) => m.sender === puppet())
            .map((m) => m.body),
        ).toEqual(['다른 방 1', '다른 방 2']),
      SLOW,
    );
    expect(fromKim().filter((b) => b.startsWith('막힌 방'))).toEqual([]);

    hs.mendRoom(matrixRoomId);
    await eventually(() => expect(fromKim().filter((b) => b.startsWith('막힌 방'))).toEqual(stuck), SLOW);
  });

  it('an invite-only Matrix room: the bridge’s user is invited by someone there; each puppet then joins through the bridge’s invitation', async () => {
    const closed = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '비공개 협의', userIds: [] }))
      .body;
    const { roomId: closedMatrix } = hs.createRoom('closed', alice, { inviteOnly: true });
    hs.invite(alice, closedMatrix, hs.botUserId);
    const ask = await commandOutcome(
      kim,
      (
        await kim.call<MessageView>('POST', `/rooms/${closed.id}/messages`, {
          clientMessageId: cid(),
          body: '/matrix link #closed:hs.test',
        })
      ).body.id,
    );
    const code = /\/(?:확인|confirm) ([A-Z0-9]{6})/.exec(ask.reply ?? '')?.[1] ?? '';
    expect(
      (
        await commandOutcome(
          kim,
          (
            await kim.call<MessageView>('POST', `/rooms/${closed.id}/messages`, {
              clientMessageId: cid(),
              body: `/confirm ${code}`,
            })
          ).body.id,
        )
      ).status,
    ).toBe('done');
    await kim.call('POST', `/rooms/${closed.id}/messages`, { clientMessageId: cid(), body: '초대받아 들어왔습니다' });
    await eventually(
      () =>
        expect(
          hs
            .visibleMessages(closedMatrix)
            .filter((m) => m.sender === puppet())
            .map((m) => m.body),
        ).toEqual(['초대받아 들어왔습니다']),
      SLOW,
    );
    expect(
      hs
        .events(closedMatrix)
        .some(
          (e) =>
            e.type === 'm.room.member' &&
            e.sender === hs.botUserId &&
            e.state_key === puppet() &&
            e.content.membership === 'invite',
        ),
    ).toBe(true);
  });

  it('unlinking stops carrying either way', async () => {
    const done = await commandOutcome(kim, (await say(kim, '/matrix unlink')).id);
    expect(done).toMatchObject({ status: 'done', errorCode: null });
    await say(kim, '연결 해제 뒤의 메시지');
    hs.say(alice, matrixRoomId, 'after unlink');
    await hs.flush();
    await waitForJobs(app.app);
    expect(fromKim()).not.toContain('연결 해제 뒤의 메시지');
    expect((await ieumMessages()).some((m) => m.body.includes('after unlink'))).toBe(false);
  });
});
