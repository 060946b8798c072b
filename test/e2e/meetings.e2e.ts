import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { QueueService } from '../../src/bus/queue.service.js';
import type { MeetingView } from '../../src/meetings/meeting-views.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { RedisService } from '../../src/redis/redis.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually, recordMessages, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { icsOf, MailSink } from '../utils/mail-sink.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;
const JITSI = {
  domain: 'meet.ieum.test',
  appId: 'ieum-test',
  secret: 'a-secret-of-at-least-thirty-two-characters',
  webhookToken: 'an-event-sync-bearer-token-of-32-chars-or-more',
};

/** Checks a join token the way prosody's token_verification does for the room in the URL. */
async function verifyAsJitsi(url: string, now = new Date()) {
  const parsed = new URL(url);
  const room = decodeURIComponent(parsed.pathname.slice(1));
  const token = parsed.searchParams.get('jwt') ?? '';
  const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(JITSI.secret), {
    algorithms: ['HS256'],
    audience: JITSI.appId,
    issuer: JITSI.appId,
    subject: JITSI.domain,
    currentDate: now,
  });
  expect(protectedHeader.alg).toBe('HS256');
  expect(payload.room).toBe(room);
  return payload as typeof payload & {
    room: string;
    context: { user: { id: string; name: string; moderator: boolean } };
  };
}

describe('meetings: /meet, invitations over SMTP, reminders, Jitsi tokens', () => {
  let api: TestApp;
  let worker: TestApp;
  let smtp: MailSink;
  let kim: ApiClient;
  let lee: ApiClient;
  let park: ApiClient;
  let outsider: ApiClient;
  let ids: Record<'kim' | 'lee' | 'park', string>;
  let acrcId: string;
  let room: RoomView;
  let leeSocket: ClientSocket;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    smtp = await MailSink.start();
    const config = await createTestConfig({
      env: {
        MAIL_DRIVER: 'smtp',
        MAIL_SMTP_URL: smtp.url,
        MAIL_DOMAIN: 'ieum.test',
        JITSI_DOMAIN: JITSI.domain,
        JITSI_APP_ID: JITSI.appId,
        JITSI_APP_SECRET: JITSI.secret,
        JITSI_WEBHOOK_TOKEN: JITSI.webhookToken,
      },
    });
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    acrcId = acrc.id;
    const users = {
      kim: await factory.user(mois, { login: 'kim.mois', displayName: '김행안', email: 'kim@mois.go.kr' }),
      lee: await factory.user(mois, { login: 'lee.mois', displayName: '이행안', email: 'lee@mois.go.kr' }),
      park: await factory.user(acrc, { login: 'park.acrc', displayName: '박권익' }),
    };
    await factory.user(acrc, { login: 'choi.acrc', displayName: '최권익', email: 'choi@acrc.go.kr' });
    await factory.user(mois, { login: 'jung.mois', displayName: '정외부' });
    ids = { kim: users.kim.id, lee: users.lee.id, park: users.park.id };
    [kim, lee, park, outsider] = await Promise.all(
      ['kim.mois', 'lee.mois', 'park.acrc', 'jung.mois'].map((l) => ApiClient.signIn(api.baseUrl, l)),
    );
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [ids.lee] })).body;
    leeSocket = await lee.socket();
    sockets.push(leeSocket);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await worker.close();
    await api.close();
    await smtp.close();
  });

  const say = async (client: ApiClient, body: string): Promise<MessageView> => {
    const sent = await client.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body });
    expect(sent.status).toBe(201);
    return sent.body;
  };
  const mailsTo = (address: string) => smtp.mailsTo(address);
  const schedule = async (body: Record<string, unknown>) => {
    const res = await kim.call<MeetingView>('POST', '/meetings', body);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('/meet schedule in a room creates the meeting, posts the card, and sends invitations that calendars can read', async () => {
    const command = await say(
      kim,
      '/meet schedule "주간 점검" 내일 14:00 60m @lee.mois @국민권익위원회 member@example.org',
    );
    await waitForJobs(worker.app);
    const card = (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=20`)).body.find(
      (m) => m.kind === 'bot' && m.body.includes('주간 점검'),
    );
    expect(card?.body).toMatch(
      /회의 예약: 주간 점검[\s\S]*14:00–15:00 \(Asia\/Seoul\)[\s\S]*5명 초대[\s\S]*\/meetings\//,
    );
    const mine = (await lee.call<MeetingView[]>('GET', '/meetings')).body;
    const meeting = mine.find((m) => m.title === '주간 점검');
    expect(meeting).toBeDefined();
    const detail = (await lee.call<MeetingView>('GET', `/meetings/${meeting?.id ?? ''}`)).body;
    expect(detail.participants?.map((p) => p.displayName).sort()).toEqual(
      ['member', '김행안', '박권익', '이행안', '최권익'].sort(),
    );
    expect(detail.participants?.find((p) => p.displayName === '박권익')?.invitedVia).toBe('agency');
    // Tomorrow 14:00 in Seoul, whatever the machine's zone.
    const seoul = new Date(command.createdAt).toLocaleDateString('en-CA', { timeZone: 'Asia/Seoul' });
    const tomorrow = new Date(Date.parse(`${seoul}T14:00:00+09:00`) + 86_400_000);
    expect(detail.startsAt).toBe(tomorrow.toISOString());

    await eventually(() => expect(smtp.inbox.length).toBeGreaterThanOrEqual(3), 10_000);
    for (const address of ['member@example.org', 'lee@mois.go.kr', 'choi@acrc.go.kr']) {
      const [mail] = mailsTo(address);
      expect(mail?.subject).toContain('주간 점검');
      if (!mail) throw new Error(`no mail to ${address}`);
      const calendar = icsOf(mail);
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Seoul');
      const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
      expect(event.uid).toBe(`meeting-${detail.id}@ieum.test`);
      expect(event.sequence).toBe(0);
      expect(event.startDate.zone?.tzid).toBe('Asia/Seoul');
      expect([event.startDate.hour, event.startDate.minute]).toEqual([14, 0]);
      expect(event.startDate.toJSDate().toISOString()).toBe(tomorrow.toISOString());
    }
    // Nobody without an address is mailed, the host is not mailed their own invitation.
    expect(mailsTo('kim@mois.go.kr')).toHaveLength(0);
    expect(mailsTo('member@example.org')[0]?.text).toMatch(/\/meetings\/guest\/[A-Za-z0-9_-]{20,}/);

    // Lee hears about it from the meeting bot; the room card was in the room.
    const leeRooms = (await lee.call<Array<{ id: string; kind: string; name: string | null }>>('GET', '/rooms')).body;
    const botRooms = leeRooms.filter((r) => r.kind === 'direct');
    const dms = (
      await Promise.all(
        botRooms.map(async (r) => (await lee.call<MessageView[]>('GET', `/rooms/${r.id}/messages`)).body),
      )
    ).flat();
    expect(dms.filter((m) => m.body.startsWith('📅 회의 초대: 주간 점검'))).toHaveLength(1);
  });

  it('join links: tokens a Jitsi deployment accepts, for participants only, for their room only, moderator only for the host', async () => {
    const meeting = await schedule({
      title: '토큰 확인',
      startsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
      durationMinutes: 30,
      userIds: [ids.lee],
      agencyIds: [acrcId],
      guests: [{ email: 'guest.token@example.org', name: '외부 위원' }],
      lobby: true,
    });
    const other = await schedule({
      title: '다른 회의',
      startsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
      durationMinutes: 30,
      userIds: [ids.park],
    });
    const host = await kim.call<{ url: string; token: string; expiresAt: string }>(
      'POST',
      `/meetings/${meeting.id}/join`,
    );
    expect(host.status).toBe(200);
    const hostClaims = await verifyAsJitsi(host.body.url);
    expect(hostClaims.context.user.moderator).toBe(true);
    const leeJoin = await lee.call<{ url: string }>('POST', `/meetings/${meeting.id}/join`);
    const leeClaims = await verifyAsJitsi(leeJoin.body.url);
    expect(leeClaims.context.user).toMatchObject({ id: ids.lee, name: '이행안', moderator: false, lobby: true });
    expect(leeClaims.room).toMatch(/^ieum-[a-z2-7]{26}$/);
    expect(leeClaims.room).not.toContain('lee');
    // The window: not before the start minus the margin, not after the end plus it.
    const start = Date.parse(meeting.startsAt);
    expect(leeClaims.nbf).toBe(Math.floor((start - 10 * 60_000) / 1000));
    expect(leeClaims.exp).toBe(Math.floor((start + 40 * 60_000) / 1000));
    await expect(verifyAsJitsi(leeJoin.body.url, new Date(start + 41 * 60_000))).rejects.toThrow(/exp/);
    // A token for one room does not open another.
    const otherJoin = await park.call<{ url: string }>('POST', `/meetings/${other.id}/join`);
    const otherRoom = new URL(otherJoin.body.url).pathname;
    await expect(
      verifyAsJitsi(
        `https://${JITSI.domain}${otherRoom}?jwt=${new URL(leeJoin.body.url).searchParams.get('jwt') ?? ''}`,
      ),
    ).rejects.toThrow();
    // Not a participant: the meeting does not exist for them.
    const refused = await outsider.call<{ code: string }>('POST', `/meetings/${meeting.id}/join`);
    expect([refused.status, refused.body.code]).toEqual([404, 'MEETING_NOT_FOUND']);
    expect((await outsider.call<{ code: string }>('GET', `/meetings/${meeting.id}`)).status).toBe(404);
    // Only the host changes it.
    const notHost = await lee.call<{ code: string }>('POST', `/meetings/${meeting.id}/cancel`);
    expect([notHost.status, notHost.body.code]).toEqual([403, 'MEETING_NOT_HOST']);

    // The guest joins with the personal link from the invitation, as a non-moderator in the lobby.
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('guest.token@example.org')).toHaveLength(1), 10_000);
    const token =
      /\/meetings\/guest\/([A-Za-z0-9_-]+)/.exec(mailsTo('guest.token@example.org')[0]?.text ?? '')?.[1] ?? '';
    // Their page shows the meeting (not its people) before they join.
    const shown = await fetch(`${api.baseUrl}/meetings/guest/${token}`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({
      title: meeting.title,
      startsAt: meeting.startsAt,
      durationMinutes: meeting.durationMinutes,
      lobby: true,
      hostName: '김행안',
      displayName: '외부 위원',
      joinOpensAt: new Date(Date.parse(meeting.startsAt) - 10 * 60_000).toISOString(),
    });
    const guest = await fetch(`${api.baseUrl}/meetings/guest/${token}/join`, { method: 'POST' });
    expect(guest.status).toBe(200);
    const guestLink = (await guest.json()) as {
      url: string;
      domain: string;
      room: string;
      token: string;
      moderator: boolean;
      lobby: boolean;
    };
    const guestClaims = await verifyAsJitsi(guestLink.url);
    expect(guestClaims.context.user).toMatchObject({ name: '외부 위원', moderator: false, lobby: true });
    expect(guestLink).toMatchObject({ domain: JITSI.domain, room: guestClaims.room, moderator: false, lobby: true });
    // Under the name they typed on their page; an empty one is refused.
    const named = await fetch(`${api.baseUrl}/meetings/guest/${token}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '  홍길동 위원 ' }),
    });
    expect((await verifyAsJitsi(((await named.json()) as { url: string }).url)).context.user.name).toBe('홍길동 위원');
    const blank = await fetch(`${api.baseUrl}/meetings/guest/${token}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '   ' }),
    });
    expect([blank.status, ((await blank.json()) as { code: string }).code]).toEqual([400, 'VALIDATION_FAILED']);
    const forged = await fetch(`${api.baseUrl}/meetings/guest/${token.slice(0, -2)}xx/join`, { method: 'POST' });
    expect(forged.status).toBe(404);
    expect((await fetch(`${api.baseUrl}/meetings/guest/${token.slice(0, -2)}xx`)).status).toBe(404);

    // Rescheduling raises the SEQUENCE under the same UID and replaces the guest's link; cancelling sends METHOD:CANCEL.
    const moved = await kim.call<MeetingView>('POST', `/meetings/${meeting.id}/reschedule`, {
      startsAt: new Date(start + 86_400_000).toISOString(),
    });
    expect(moved.body.sequence).toBe(1);
    const cancelled = await kim.call<MeetingView>('POST', `/meetings/${meeting.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 2 });
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('guest.token@example.org')).toHaveLength(3), 10_000);
    const [, update, cancel] = mailsTo('guest.token@example.org').map(icsOf);
    const uid = (c: ICAL.Component | undefined) => c?.getFirstSubcomponent('vevent')?.getFirstPropertyValue('uid');
    expect(uid(update)).toBe(`meeting-${meeting.id}@ieum.test`);
    expect(uid(cancel)).toBe(`meeting-${meeting.id}@ieum.test`);
    expect(update?.getFirstSubcomponent('vevent')?.getFirstPropertyValue('sequence')).toBe(1);
    expect(cancel?.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel?.getFirstSubcomponent('vevent')?.getFirstPropertyValue('status')).toBe('CANCELLED');
    // The first link stopped working at the reschedule; no link opens a cancelled meeting.
    expect((await fetch(`${api.baseUrl}/meetings/guest/${token}/join`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/meetings/guest/${token}`)).status).toBe(404);
    const again = await lee.call<{ code: string }>('POST', `/meetings/${meeting.id}/join`);
    expect([again.status, again.body.code]).toEqual([409, 'MEETING_CLOSED']);
  });

  it("a room not open yet says when it opens in the person's own zone and in words, never as a UTC timestamp", async () => {
    type Refusal = { code: string; messages: { ko: string; en: string }; details: { opensAt: string } };
    const meeting = await schedule({
      title: '먼 훗날의 회의',
      startsAt: '2099-12-03T05:00:00.000Z',
      durationMinutes: 30,
      userIds: [ids.lee],
      guests: [{ email: 'guest.later@example.org', name: '나중 위원' }],
    });
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE users SET time_zone = 'Europe/Berlin' WHERE id = $1`, [ids.lee]),
    );
    try {
      const host = await kim.call<Refusal>('POST', `/meetings/${meeting.id}/join`);
      expect([host.status, host.body.code]).toEqual([409, 'MEETING_NOT_OPEN_YET']);
      expect(host.body.messages).toEqual({
        ko: '회의실은 2099년 12월 3일 (목) 오후 1:50에 열립니다.',
        en: 'The meeting room opens at Thu 3 Dec 2099, 1:50 pm.',
      });
      // What a program reads stays the instant.
      expect(host.body.details.opensAt).toBe('2099-12-03T04:50:00.000Z');
      const berlin = await lee.call<Refusal>('POST', `/meetings/${meeting.id}/join`);
      expect(berlin.body.messages).toEqual({
        ko: '회의실은 2099년 12월 3일 (목) 오전 5:50에 열립니다.',
        en: 'The meeting room opens at Thu 3 Dec 2099, 5:50 am.',
      });
      // A guest, who has no zone here, reads the meeting's.
      await waitForJobs(worker.app);
      await eventually(() => expect(mailsTo('guest.later@example.org')).toHaveLength(1), 10_000);
      const token =
        /\/meetings\/guest\/([A-Za-z0-9_-]+)/.exec(mailsTo('guest.later@example.org')[0]?.text ?? '')?.[1] ?? '';
      const guest = (await (
        await fetch(`${api.baseUrl}/meetings/guest/${token}/join`, { method: 'POST' })
      ).json()) as Refusal;
      expect(guest.messages.ko).toBe('회의실은 2099년 12월 3일 (목) 오후 1:50에 열립니다.');
      for (const text of [host.body.messages, berlin.body.messages, guest.messages].flatMap((m) => [m.ko, m.en]))
        expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|\d\d:\d\d:\d\d|Z\b/);
    } finally {
      await withAdmin(api.config.database.url, (c) =>
        c.query(`UPDATE users SET time_zone = 'Asia/Seoul' WHERE id = $1`, [ids.lee]),
      );
      await kim.call('POST', `/meetings/${meeting.id}/cancel`);
    }
  });

  it('attendance from Jitsi event_sync webhooks, and dropping one occurrence of a series', async () => {
    const meeting = await schedule({
      title: '주간 회의',
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 30,
      userIds: [ids.lee],
      guests: [{ email: 'series.guest@example.org' }],
      recurrence: 'FREQ=WEEKLY;COUNT=4',
    });
    const room = decodeURIComponent(
      new URL((await kim.call<{ url: string }>('POST', `/meetings/${meeting.id}/join`)).body.url).pathname.slice(1),
    );
    const post = (path: string, body: unknown, token = JITSI.webhookToken) =>
      fetch(`${api.baseUrl}/webhooks/jitsi/events/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const joinedAt = Math.floor(Date.now() / 1000);
    const joined = {
      event_name: 'muc-occupant-joined',
      room_name: room,
      occupant: { id: ids.lee, name: '이행안', occupant_jid: 'x@meet/abc', joined_at: joinedAt },
    };
    const first = await post('occupant/joined', joined);
    expect([first.status, await first.json()]).toEqual([200, { recorded: true }]);
    expect(await (await post('occupant/joined', joined)).json()).toEqual({ recorded: false });
    expect(await (await post('occupant/joined', { ...joined, room_name: 'ieum-someoneelsesroom' })).json()).toEqual({
      recorded: false,
    });
    expect(
      await (await post('occupant/joined', { ...joined, occupant: { ...joined.occupant, id: ids.park } })).json(),
    ).toEqual({ recorded: false });
    const wrong = await post('occupant/joined', joined, 'not-the-token');
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([401, 'MEETING_WEBHOOK_REFUSED']);
    expect((await post('occupant/joined', { ...joined, occupant: { joined_at: 'soon' } })).status).toBe(400);
    const left = await post('occupant/left', {
      event_name: 'muc-occupant-left',
      room_name: room,
      occupant: { id: ids.lee, joined_at: joinedAt, left_at: joinedAt + 600 },
    });
    expect(await left.json()).toEqual({ recorded: true });
    const attendance = (
      await kim.call<Array<{ displayName: string; joinedAt: string; leftAt: string | null; minutes: number | null }>>(
        'GET',
        `/meetings/${meeting.id}/attendance`,
      )
    ).body;
    expect(attendance.find((a) => a.displayName === '이행안')).toMatchObject({
      joinedAt: new Date(joinedAt * 1000).toISOString(),
      minutes: 10,
    });
    expect(
      (
        await post('room/destroyed', {
          event_name: 'muc-room-destroyed',
          room_name: room,
          destroyed_at: joinedAt + 900,
        })
      ).status,
    ).toBe(200);

    // Dropping the second occurrence: everyone is sent the series again with an EXDATE.
    const second = new Date(Date.parse(meeting.startsAt) + 7 * 86_400_000).toISOString();
    const bad = await kim.call<{ code: string }>('POST', `/meetings/${meeting.id}/occurrences/cancel`, {
      at: new Date(Date.parse(second) + 60_000).toISOString(),
    });
    expect([bad.status, bad.body.code]).toEqual([404, 'MEETING_NO_SUCH_OCCURRENCE']);
    expect(
      (await lee.call<{ code: string }>('POST', `/meetings/${meeting.id}/occurrences/cancel`, { at: second })).body
        .code,
    ).toBe('MEETING_NOT_HOST');
    const dropped = await kim.call<MeetingView>('POST', `/meetings/${meeting.id}/occurrences/cancel`, { at: second });
    // Started by the occupant-joined event above; the series goes on.
    expect(dropped.body).toMatchObject({ status: 'started', sequence: 1 });
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('series.guest@example.org')).toHaveLength(2), 10_000);
    const event = icsOf(mailsTo('series.guest@example.org')[1]).getFirstSubcomponent('vevent');
    expect(event?.getFirstPropertyValue('sequence')).toBe(1);
    const exdate = event?.getFirstPropertyValue('exdate') as { toJSDate(): Date } | null;
    expect(exdate?.toJSDate().toISOString()).toBe(second);
    // Ending a series ends the occurrence under way, not the series.
    const ended = await kim.call<MeetingView>('POST', `/meetings/${meeting.id}/end`);
    expect(ended.body.status).toBe('started');
    expect((await lee.call('POST', `/meetings/${meeting.id}/join`)).status).toBe(200);
    const oneOff = await schedule({
      title: '단건',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 30,
      userIds: [ids.lee],
    });
    expect(
      (await kim.call<{ code: string }>('POST', `/meetings/${oneOff.id}/occurrences/cancel`, { at: oneOff.startsAt }))
        .body.code,
    ).toBe('MEETING_NOT_RECURRING');
  });

  it('a series scheduled with exceptions, its next occurrences, and a calendar of every occurrence in a range', async () => {
    const start = Date.parse('2031-03-03T01:00:00Z'); // a Monday, 10:00 in Seoul
    const week = 7 * 86_400_000;
    const iso = (t: number) => new Date(t).toISOString();
    const notAnOccurrence = await kim.call<{ code: string }>('POST', '/meetings', {
      title: '주간',
      startsAt: iso(start),
      durationMinutes: 30,
      userIds: [ids.lee],
      recurrence: 'FREQ=WEEKLY;COUNT=5',
      exdates: [iso(start + 86_400_000)],
    });
    expect([notAnOccurrence.status, notAnOccurrence.body.code]).toEqual([404, 'MEETING_NO_SUCH_OCCURRENCE']);
    const series = await schedule({
      title: '주간 조정',
      startsAt: iso(start),
      durationMinutes: 30,
      userIds: [ids.lee],
      recurrence: 'FREQ=WEEKLY;COUNT=5',
      exdates: [iso(start + week)],
      guests: [{ email: 'exdate.guest@example.org' }],
    });
    expect(series.exdates).toEqual([iso(start + week)]);
    expect(series.upcoming).toEqual([iso(start), iso(start + 2 * week), iso(start + 3 * week), iso(start + 4 * week)]);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('exdate.guest@example.org')).toHaveLength(1), 10_000);
    const exdate = icsOf(mailsTo('exdate.guest@example.org')[0])
      .getFirstSubcomponent('vevent')
      ?.getFirstPropertyValue('exdate') as { toJSDate(): Date } | null;
    expect(exdate?.toJSDate().toISOString()).toBe(iso(start + week));
    const oneOff = await schedule({
      title: '단건 협의',
      startsAt: iso(start + 2 * week + 3_600_000),
      durationMinutes: 60,
      userIds: [ids.lee],
    });

    type Occurrence = { meetingId: string; title: string; startsAt: string; endsAt: string; recurring: boolean };
    const calendar = await lee.call<Occurrence[]>(
      'GET',
      `/meetings/calendar?from=${iso(start - 86_400_000)}&to=${iso(start + 4 * week)}`,
    );
    expect(calendar.status).toBe(200);
    const mine = calendar.body.filter((o) => o.meetingId === series.id || o.meetingId === oneOff.id);
    expect(mine.map((o) => [o.title, o.startsAt])).toEqual([
      ['주간 조정', iso(start)],
      ['주간 조정', iso(start + 2 * week)],
      ['단건 협의', iso(start + 2 * week + 3_600_000)],
      ['주간 조정', iso(start + 3 * week)],
    ]);
    expect(mine[0]).toMatchObject({ endsAt: iso(start + 30 * 60_000), recurring: true });
    // Someone not invited sees none of it; a range over 42 days is refused.
    expect(
      (
        await outsider.call<Occurrence[]>('GET', `/meetings/calendar?from=${iso(start)}&to=${iso(start + week)}`)
      ).body.filter((o) => o.meetingId === series.id),
    ).toEqual([]);
    const wide = await lee.call<{ code: string }>(
      'GET',
      `/meetings/calendar?from=${iso(start)}&to=${iso(start + 7 * week)}`,
    );
    expect([wide.status, wide.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  const AGENDA = '1. 예산 협의\n2. 일정';

  it("a meeting held from no room gets one for its chat, and the documents posted there are the meeting's", async () => {
    const meeting = await schedule({
      title: '부처 협의',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 60,
      userIds: [ids.lee, ids.park],
      agenda: '예산 협의',
    });
    expect(meeting.roomId).not.toBeNull();
    const shared = (await park.call<RoomView[]>('GET', '/rooms')).body.find((r) => r.id === meeting.roomId);
    // Two agencies: a collaboration room, with every directory participant in it.
    expect(shared).toMatchObject({ kind: 'collaboration', name: '부처 협의' });
    const upload = await fetch(
      `${api.baseUrl}/rooms/${meeting.roomId ?? ''}/files?name=${encodeURIComponent('안건.txt')}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${kim.token}`, 'content-type': 'text/plain' },
        body: AGENDA,
      },
    );
    const file = (await upload.json()) as { id: string };
    expect(upload.status).toBe(201);
    expect(
      (
        await kim.call('POST', `/rooms/${meeting.roomId ?? ''}/messages`, {
          clientMessageId: cid(),
          body: '회의 자료입니다',
          fileIds: [file.id],
        })
      ).status,
    ).toBe(201);
    const detail = (await lee.call<MeetingView>('GET', `/meetings/${meeting.id}`)).body;
    expect(detail.documents).toEqual([
      { id: file.id, name: '안건.txt', contentType: 'text/plain; charset=utf-8', size: Buffer.byteLength(AGENDA) },
    ]);
    const download = (client: ApiClient) =>
      fetch(`${api.baseUrl}/files/${file.id}/content`, { headers: { authorization: `Bearer ${client.token}` } });
    const got = await download(lee);
    expect([got.status, await got.text()]).toEqual([200, AGENDA]);
    expect((await download(outsider)).status).toBe(404);
    // Asking again with the same key returns the meeting and makes no second room.
    const key = {
      title: '재요청',
      startsAt: new Date(Date.now() + 7_200_000).toISOString(),
      durationMinutes: 30,
      userIds: [ids.lee],
      idempotencyKey: 'same-key',
    };
    const first = await kim.call<MeetingView>('POST', '/meetings', key);
    const again = await kim.call<MeetingView>('POST', '/meetings', key);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.roomId).toBe(first.body.roomId);
    expect((await lee.call<RoomView[]>('GET', '/rooms')).body.filter((r) => r.name === '재요청')).toHaveLength(1);
  });

  const reminderBodies = (seen: MessageView[], title: string) => seen.filter((m) => m.body.startsWith(`⏰ ${title}`));

  it('a meeting 4 s ahead is reminded once and not early; a moved one at its new time; a cancelled one never', async () => {
    const seen = recordMessages(leeSocket);
    const t0 = Date.now();
    // The cancelled one is scheduled and cancelled first, due with the moved one 8 s ahead: on a
    // loaded machine the calls below can take seconds, and its cancellation must be in before it is due.
    const dropped = await schedule({
      title: '취소 회의',
      startsAt: new Date(t0 + 8000).toISOString(),
      durationMinutes: 10,
      userIds: [ids.lee],
      reminderMinutes: [0],
    });
    await kim.call('POST', `/meetings/${dropped.id}/cancel`);
    const soon = await schedule({
      title: '4초 회의',
      startsAt: new Date(t0 + 4000).toISOString(),
      durationMinutes: 10,
      userIds: [ids.lee],
      reminderMinutes: [0],
    });
    const moved = await schedule({
      title: '옮긴 회의',
      startsAt: new Date(t0 + 4000).toISOString(),
      durationMinutes: 10,
      userIds: [ids.lee],
      reminderMinutes: [0],
    });
    await kim.call('POST', `/meetings/${moved.id}/reschedule`, { startsAt: new Date(t0 + 8000).toISOString() });

    await eventually(() => expect(reminderBodies(seen, '4초 회의')).toHaveLength(1), 12_000);
    const first = reminderBodies(seen, '4초 회의')[0];
    expect(Date.parse(first?.createdAt ?? '')).toBeGreaterThanOrEqual(Date.parse(soon.startsAt));
    await eventually(() => expect(reminderBodies(seen, '옮긴 회의')).toHaveLength(1), 12_000);
    // At its new time, not the old one.
    expect(Date.parse(reminderBodies(seen, '옮긴 회의')[0]?.createdAt ?? '')).toBeGreaterThanOrEqual(
      Math.floor((t0 + 8000) / 1000) * 1000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    await waitForJobs(worker.app);
    expect(reminderBodies(seen, '4초 회의')).toHaveLength(1);
    expect(reminderBodies(seen, '옮긴 회의')).toHaveLength(1);
    expect(reminderBodies(seen, '취소 회의')).toHaveLength(0);
  });

  it('pending reminders still fire once after Redis lost every job and the worker restarted', async () => {
    const seen = recordMessages(leeSocket);
    await schedule({
      title: '복구 회의',
      startsAt: new Date(Date.now() + 4000).toISOString(),
      durationMinutes: 10,
      userIds: [ids.lee],
      reminderMinutes: [0],
    });
    await worker.close();
    const redis = api.app.get(RedisService).client;
    const keys = await redis.keys(`${api.app.get(QueueService).prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    expect((await api.app.get(QueueService).queue('meetings').getJobCounts('delayed')).delayed).toBe(0);
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await eventually(() => expect(reminderBodies(seen, '복구 회의')).toHaveLength(1), 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(reminderBodies(seen, '복구 회의')).toHaveLength(1);
    const sends = await withAdmin(api.config.database.url, (c) =>
      c.query<{ n: string }>(`SELECT count(*) AS n FROM meeting_reminder_sends`),
    );
    expect(Number(sends.rows[0]?.n)).toBeGreaterThanOrEqual(3);
  });
});
