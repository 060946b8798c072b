import { getHolidayPreset } from '@hyunbinseo/holidays-kr';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { jwtVerify } from 'jose';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { QueueService } from '../../src/bus/queue.service.js';
import type { SlotView } from '../../src/consultations/consultation-availability.service.js';
import {
  consultationReminderJobId,
  ConsultationReminderService,
} from '../../src/consultations/consultation-reminder.service.js';
import {
  ConsultationService,
  type CitizenConsultationView,
  type StaffConsultationView,
} from '../../src/consultations/consultation.service.js';
import { UserRole } from '../../src/identity/identity.types.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { RedisService } from '../../src/redis/redis.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { icsOf, MailSink } from '../utils/mail-sink.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const JITSI = { domain: 'meet.ieum.test', appId: 'ieum-test', secret: 'a-secret-of-at-least-thirty-two-characters' };
const ZONE = 'Asia/Seoul';
const cid = () => `c-${randomUUID()}`;

interface Answer<T> {
  status: number;
  body: T;
}

/** Checks a join token the way prosody's token_verification does for the room in the URL. */
async function verifyAsJitsi(url: string, now = new Date()) {
  const parsed = new URL(url);
  const token = parsed.searchParams.get('jwt') ?? '';
  const { payload } = await jwtVerify(token, new TextEncoder().encode(JITSI.secret), {
    algorithms: ['HS256'],
    audience: JITSI.appId,
    issuer: JITSI.appId,
    subject: JITSI.domain,
    currentDate: now,
  });
  expect(payload.room).toBe(decodeURIComponent(parsed.pathname.slice(1)));
  return payload as typeof payload & {
    room: string;
    nbf: number;
    exp: number;
    context: { user: Record<string, unknown> };
  };
}

describe('consultations: availability, booking by citizens and by /consult, least-privilege video', () => {
  let api: TestApp;
  let worker: TestApp;
  let smtp: MailSink;
  let admin: ApiClient;
  let inv1: ApiClient;
  let inv2: ApiClient;
  let staff: ApiClient;
  let member: ApiClient;
  let outsider: ApiClient;
  let ids: Record<'inv1' | 'inv2' | 'staff', string>;
  let topicA: string;
  let topicB: string;

  const anonymous = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const res = await fetch(`${api.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const mailsTo = (address: string) => smtp.mailsTo(address);
  const linkIn = (mail: ParsedMail | undefined, kind: 'confirm' | 'manage') =>
    new RegExp(`/consult/${kind}/([A-Za-z0-9_-]{20,})`).exec(mail?.text ?? '')?.[1] ?? '';
  const publicSlots = async (topicId: string, query = '') => {
    const res = await anonymous<SlotView[]>('GET', `/public/consultations/slots?topicId=${topicId}${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const request = (topicId: string, startsAt: string, email: string, extra: Record<string, unknown> = {}) =>
    anonymous<{ status: string; code?: string }>('POST', '/public/consultations', {
      topicId,
      startsAt,
      name: '홍길동',
      email,
      summary: '주차 과태료 부과에 대한 이의',
      privacyAccepted: true,
      ...extra,
    });
  /** Books and confirms as a citizen; returns the manage token. */
  const bookAndConfirm = async (topicId: string, startsAt: string, email: string): Promise<string> => {
    expect((await request(topicId, startsAt, email)).status).toBe(202);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo(email)).toHaveLength(1), 10_000);
    const confirmed = await anonymous<CitizenConsultationView>(
      'POST',
      `/public/consultations/confirm/${linkIn(mailsTo(email)[0], 'confirm')}`,
    );
    expect(confirmed.status).toBe(200);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo(email)).toHaveLength(2), 10_000);
    return linkIn(mailsTo(email)[1], 'manage');
  };
  const consultationsAt = (startsAt: string) =>
    withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ id: string; status: string; investigator_id: string }>(
            `SELECT id, status, investigator_id FROM consultations WHERE starts_at = $1`,
            [startsAt],
          )
        ).rows,
    );

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
      },
    });
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const users = {
      admin: await factory.user(acrc, {
        login: 'admin.acrc',
        displayName: '관리자',
        roles: [UserRole.Member, UserRole.AgencyAdmin],
      }),
      inv1: await factory.user(acrc, {
        login: 'inv1.acrc',
        displayName: '김조사',
        roles: [UserRole.Member, UserRole.ComplaintInvestigator],
      }),
      inv2: await factory.user(acrc, {
        login: 'inv2.acrc',
        displayName: '이조사',
        roles: [UserRole.Member, UserRole.ComplaintInvestigator],
      }),
      staff: await factory.user(acrc, {
        login: 'staff.acrc',
        displayName: '박민원',
        roles: [UserRole.Member, UserRole.ComplaintInvestigator],
      }),
      member: await factory.user(acrc, { login: 'member.acrc', displayName: '최직원' }),
      outsider: await factory.user(mois, {
        login: 'other.mois',
        displayName: '정타기관',
        roles: [UserRole.Member, UserRole.ComplaintInvestigator],
      }),
    };
    ids = { inv1: users.inv1.id, inv2: users.inv2.id, staff: users.staff.id };
    [admin, inv1, inv2, staff, member, outsider] = await Promise.all(
      ['admin.acrc', 'inv1.acrc', 'inv2.acrc', 'staff.acrc', 'member.acrc', 'other.mois'].map((l) =>
        ApiClient.signIn(api.baseUrl, l),
      ),
    );
    topicA = (
      await admin.call<{ id: string }>('POST', '/consultations/topics', { name: '고충민원', nameEn: 'Grievances' })
    ).body.id;
    topicB = (
      await admin.call<{ id: string }>('POST', '/consultations/topics', { name: '영상 상담', nameEn: 'Video desk' })
    ).body.id;
    // Investigator 1: weekday mornings, 30-minute slots with 10 minutes after each, two hours' notice.
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));
    expect(
      (
        await inv1.call('PUT', '/consultations/schedule', {
          slotMinutes: 30,
          bufferAfterMinutes: 10,
          minNoticeMinutes: 120,
          horizonDays: 60,
          weeklyRules: weekdays,
          topicIds: [topicA],
        })
      ).status,
    ).toBe(200);
    // Investigator 2: every day around the clock, 5-minute slots, no notice: a consultation can be minutes away.
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    expect(
      (
        await inv2.call('PUT', '/consultations/schedule', {
          slotMinutes: 5,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 10,
          weeklyRules: always,
          topicIds: [topicB],
        })
      ).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.close();
  });

  it("slots follow the weekly rules, holidays, closures, exceptions, buffers and notice, in the citizen's time zone", async () => {
    const now = DateTime.now().setZone(ZONE);
    // A closure on the third weekday from now, and an hour off on the fourth.
    const weekdaysAhead = Array.from({ length: 20 }, (_, i) => now.plus({ days: i + 1 })).filter((d) => d.weekday <= 5);
    const closed = weekdaysAhead[2]?.toISODate() ?? '';
    const partly = weekdaysAhead[3]?.toISODate() ?? '';
    expect((await admin.call('POST', '/consultations/closures', { day: closed, reason: '청사 이전' })).status).toBe(
      201,
    );
    expect(
      (
        await inv1.call('POST', '/consultations/schedule/exceptions', {
          day: partly,
          kind: 'off',
          start: '09:00',
          end: '10:00',
        })
      ).status,
    ).toBe(201);

    const slots = await publicSlots(topicA, '&days=60');
    expect(slots.length).toBeGreaterThan(20);
    const local = slots.map((s) => DateTime.fromISO(s.startsAt).setZone(ZONE));
    expect(new Set(local.filter((d) => d.toISODate() !== partly).map((d) => d.toFormat('HH:mm')))).toEqual(
      new Set(['09:00', '09:40', '10:20', '11:00']),
    );
    expect(local.every((d) => d.weekday <= 5)).toBe(true);
    expect(Date.parse(slots[0]?.startsAt ?? '')).toBeGreaterThanOrEqual(Date.now() + 120 * 60_000 - 5_000);
    expect(local.filter((d) => d.toISODate() === closed)).toEqual([]);
    // With 09:00–10:00 off, that morning's slots are cut from what is left of the window.
    expect(local.filter((d) => d.toISODate() === partly).map((d) => d.toFormat('HH:mm'))).toEqual([
      '10:00',
      '10:40',
      '11:20',
    ]);
    for (const slot of slots) expect(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)).toBe(30 * 60_000);
    // Public and substitute holidays from the almanac offer nothing.
    const holidays = new Set<string>();
    for (const year of new Set([now.year, now.plus({ days: 60 }).year]))
      for (const day of Object.keys(await getHolidayPreset(String(year)))) holidays.add(day);
    const weekdayHolidays = [...holidays].filter(
      (day) =>
        day > (now.toISODate() ?? '') &&
        day <= (now.plus({ days: 58 }).toISODate() ?? '') &&
        DateTime.fromISO(day).weekday <= 5,
    );
    for (const day of weekdayHolidays) expect(local.filter((d) => d.toISODate() === day)).toEqual([]);
    // The same slots, as a citizen in Berlin sees them.
    const berlin = await publicSlots(topicA, '&days=60&timeZone=Europe/Berlin');
    expect(berlin.map((s) => s.startsAt)).toEqual(slots.map((s) => s.startsAt));
    expect(berlin[0]?.local).toBe(
      DateTime.fromISO(slots[0]?.startsAt ?? '')
        .setZone('Europe/Berlin')
        .toFormat('yyyy-MM-dd HH:mm'),
    );

    // Only investigators publish hours; only agency administrators add topics and closures.
    const refused = await member.call<{ code: string }>('PUT', '/consultations/schedule', {
      slotMinutes: 30,
      weeklyRules: weekdays(),
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'CONSULT_NOT_INVESTIGATOR']);
    expect(
      (await inv1.call<{ code: string }>('POST', '/consultations/closures', { day: closed, reason: 'x' })).body.code,
    ).toBe('CONSULT_NOT_AGENCY_ADMIN');
    const bad = await inv1.call<{ code: string }>('PUT', '/consultations/schedule', {
      slotMinutes: 30,
      weeklyRules: [{ weekday: 1, start: '12:00', end: '09:00' }],
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'CONSULT_BAD_SCHEDULE']);
    const badQuery = await anonymous<{ code: string }>(
      'GET',
      `/public/consultations/slots?topicId=${topicA}&timeZone=Mars/Olympus`,
    );
    expect([badQuery.status, badQuery.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it("staff screens read the investigator's exceptions and the agency's topics and closures; administrators remove closures and retire topics", async () => {
    const extra = await inv1.call<{ id: string; day: string; kind: string; startTime: string | null }>(
      'POST',
      '/consultations/schedule/exceptions',
      { day: '2031-03-04', kind: 'extra', start: '14:00', end: '16:00', note: '야간 상담' },
    );
    const off = await inv1.call<{ id: string }>('POST', '/consultations/schedule/exceptions', {
      day: '2031-03-05',
      kind: 'off',
    });
    const listed = await inv1.call<
      Array<{
        id: string;
        day: string;
        kind: string;
        startTime: string | null;
        endTime: string | null;
        note: string | null;
      }>
    >('GET', '/consultations/schedule/exceptions?from=2031-03-01');
    expect(listed.body.map((e) => [e.day, e.kind, e.startTime, e.endTime, e.note])).toEqual([
      ['2031-03-04', 'extra', '14:00:00', '16:00:00', '야간 상담'],
      ['2031-03-05', 'off', null, null, null],
    ]);
    expect((await inv2.call<unknown[]>('GET', '/consultations/schedule/exceptions?from=2031-03-01')).body).toEqual([]);
    expect((await member.call<{ code: string }>('GET', '/consultations/schedule/exceptions')).body.code).toBe(
      'CONSULT_NOT_INVESTIGATOR',
    );
    expect((await inv1.call<{ code: string }>('GET', '/consultations/schedule/exceptions?from=31-3-1')).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await inv1.call('DELETE', `/consultations/schedule/exceptions/${off.body.id}`)).status).toBe(204);
    expect(
      (await inv1.call<Array<{ id: string }>>('GET', '/consultations/schedule/exceptions?from=2031-03-01')).body.map(
        (e) => e.id,
      ),
    ).toEqual([extra.body.id]);

    const topicC = (await admin.call<{ id: string }>('POST', '/consultations/topics', { name: '세무 상담' })).body.id;
    const closure = await admin.call<{ id: string }>('POST', '/consultations/closures', {
      day: '2031-03-06',
      reason: '정전 점검',
    });
    type Settings = {
      topics: Array<{ id: string; name: string }>;
      closures: Array<{ id: string; day: string; reason: string }>;
    };
    const seen = await member.call<Settings>('GET', '/consultations/agency?from=2031-03-01');
    expect(seen.body.topics.map((t) => t.name)).toEqual(expect.arrayContaining(['고충민원', '영상 상담', '세무 상담']));
    expect(seen.body.closures.map((c) => [c.day, c.reason])).toEqual([['2031-03-06', '정전 점검']]);
    // Another agency's servants see their own agency's settings, not these.
    expect((await outsider.call<Settings>('GET', '/consultations/agency?from=2031-03-01')).body).toEqual({
      topics: [],
      closures: [],
    });
    expect((await inv1.call<{ code: string }>('DELETE', `/consultations/closures/${closure.body.id}`)).body.code).toBe(
      'CONSULT_NOT_AGENCY_ADMIN',
    );
    expect((await admin.call('DELETE', `/consultations/closures/${closure.body.id}`)).status).toBe(204);
    expect((await admin.call('DELETE', `/consultations/topics/${topicC}`)).status).toBe(204);
    expect((await admin.call<{ code: string }>('DELETE', `/consultations/topics/${topicC}`)).body.code).toBe(
      'CONSULT_TOPIC_NOT_FOUND',
    );
    const after = await member.call<Settings>('GET', '/consultations/agency?from=2031-03-01');
    expect(after.body.closures).toEqual([]);
    expect(after.body.topics.map((t) => t.id)).not.toContain(topicC);
    expect(
      (
        await anonymous<{ topics: Array<{ id: string }> }>('GET', '/public/consultations/topics?agency=1140100')
      ).body.topics.map((t) => t.id),
    ).not.toContain(topicC);

    // Staff looking for a time for a topic see only the investigators who take it.
    const forTopic = async (topicId: string) =>
      new Set(
        (
          await staff.call<Array<{ investigatorId: string }>>('GET', `/consultations/slots?days=7&topicId=${topicId}`)
        ).body.map((s) => s.investigatorId),
      );
    expect(await forTopic(topicA)).toEqual(new Set([ids.inv1]));
    expect(await forTopic(topicB)).toEqual(new Set([ids.inv2]));
  });

  it('a booking holds its slot until the citizen confirms it by e-mail; the confirmation carries a calendar entry and a manage link', async () => {
    const [slot] = await publicSlots(topicA);
    if (!slot) throw new Error('no slot');
    const noConsent = await request(topicA, slot.startsAt, 'nope@example.org', { privacyAccepted: false });
    expect([noConsent.status, noConsent.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const notASlot = await request(
      topicA,
      new Date(Date.parse(slot.startsAt) + 60_000).toISOString(),
      'odd@example.org',
    );
    expect([notASlot.status, notASlot.body.code]).toEqual([409, 'CONSULT_SLOT_UNAVAILABLE']);

    const held = await request(topicA, slot.startsAt, 'hong@example.org');
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({ status: 'pending' });
    // Held: nobody else is offered it, and it is not confirmed until the link is followed.
    expect((await publicSlots(topicA)).map((s) => s.startsAt)).not.toContain(slot.startsAt);
    expect((await consultationsAt(slot.startsAt)).map((c) => c.status)).toEqual(['pending']);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('hong@example.org')).toHaveLength(1), 10_000);
    const request1 = mailsTo('hong@example.org')[0];
    expect(request1?.subject).toContain('예약 확인 요청');
    expect(request1?.text).not.toContain('주차 과태료');
    const token = linkIn(request1, 'confirm');
    expect(
      (await anonymous<{ code: string }>('POST', `/public/consultations/confirm/${token.slice(0, -2)}xx`)).body.code,
    ).toBe('CONSULT_LINK_INVALID');

    const confirmed = await anonymous<CitizenConsultationView>('POST', `/public/consultations/confirm/${token}`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'confirmed',
      topic: '고충민원',
      agency: { name: '국민권익위원회' },
      email: 'hong@example.org',
      canChange: true,
    });
    expect(confirmed.body).not.toHaveProperty('outcomeNotes');
    // Following the link again changes nothing and sends nothing.
    expect(
      (await anonymous<CitizenConsultationView>('POST', `/public/consultations/confirm/${token}`)).body.status,
    ).toBe('confirmed');
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('hong@example.org')).toHaveLength(2), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo('hong@example.org')).toHaveLength(2);
    const mail = mailsTo('hong@example.org')[1];
    expect(mail?.subject).toContain('예약 확정');
    const calendar = icsOf(mail);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.startDate.toJSDate().toISOString()).toBe(slot.startsAt);
    const manage = linkIn(mail, 'manage');
    const view = await anonymous<CitizenConsultationView>('GET', `/public/consultations/manage/${manage}`);
    expect(view.body).toMatchObject({
      status: 'confirmed',
      startsAt: slot.startsAt,
      summary: '주차 과태료 부과에 대한 이의',
    });

    // Investigator 1 hears of it by messenger, without the citizen's details.
    const rooms = (await inv1.call<RoomView[]>('GET', '/rooms')).body.filter((r) => r.kind === 'direct');
    const dms = (
      await Promise.all(rooms.map(async (r) => (await inv1.call<MessageView[]>('GET', `/rooms/${r.id}/messages`)).body))
    ).flat();
    const notice = dms.filter((m) => m.body.startsWith('📋 새 영상 민원상담'));
    expect(notice).toHaveLength(1);
    expect(notice[0]?.body).not.toMatch(/홍길동|hong@|주차/);
  });

  it('50 citizens booking one slot at once: exactly one holds it, 49 hear it is taken', async () => {
    const target = (await publicSlots(topicB)).find((s) => Date.parse(s.startsAt) > Date.now() + 60 * 60_000);
    if (!target) throw new Error('no slot an hour ahead');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request(topicB, target.startsAt, `race${i}@example.org`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.body.code))).toEqual(
      new Set(['CONSULT_SLOT_TAKEN']),
    );
    expect(await consultationsAt(target.startsAt)).toHaveLength(1);
    // PostgreSQL itself refuses an overlapping hold, whoever writes it.
    const overlap = withAdmin(api.config.database.url, (c) =>
      c.query(
        `INSERT INTO consultations (agency_id, investigator_id, status, starts_at, ends_at, blocked_from, blocked_until, hold_expires_at, booked_via)
         SELECT agency_id, investigator_id, 'pending', starts_at + interval '2 minutes', ends_at + interval '2 minutes', starts_at + interval '2 minutes', ends_at + interval '2 minutes', now() + interval '1 hour', 'staff'
           FROM consultations WHERE starts_at = $1`,
        [target.startsAt],
      ),
    );
    await expect(overlap).rejects.toMatchObject({ code: '23P01', constraint: 'xk_consultations_no_overlap' });
  }, 60_000);

  it("a citizen's token opens only their room, only around their slot, into the lobby; nobody else reads or changes their booking", async () => {
    const slotsB = await publicSlots(topicB);
    const next = slotsB[0];
    const tomorrow = slotsB.find((s) => Date.parse(s.startsAt) > Date.now() + 20 * 3_600_000);
    if (!next || !tomorrow) throw new Error('no slots');
    // Staff book both for citizens (as on the phone): confirmed at once, the citizens are mailed.
    const x = await staff.call<StaffConsultationView>('POST', '/consultations', {
      startsAt: next.startsAt,
      email: 'x@example.org',
      name: '김민원',
      summary: '소음',
      investigatorId: ids.inv2,
    });
    expect(x.status).toBe(201);
    expect(x.body).toMatchObject({ status: 'confirmed', bookedVia: 'staff', investigator: { id: ids.inv2 } });
    const y = await staff.call<StaffConsultationView>('POST', '/consultations', {
      startsAt: tomorrow.startsAt,
      email: 'y@example.org',
      name: '이민원',
      summary: '도로',
      investigatorId: ids.inv2,
    });
    expect(y.status).toBe(201);
    await waitForJobs(worker.app);
    await eventually(
      () => expect(mailsTo('x@example.org').length + mailsTo('y@example.org').length).toBeGreaterThanOrEqual(2),
      10_000,
    );
    const xToken = linkIn(mailsTo('x@example.org')[0], 'manage');
    const yToken = linkIn(mailsTo('y@example.org')[0], 'manage');

    // X's slot starts within minutes: the room is open to X, for X's room only, in the lobby.
    const meetingStatus = () =>
      withAdmin(
        api.config.database.url,
        async (c) =>
          (
            await c.query<{ status: string; started_at: Date | null }>(
              'SELECT status, started_at FROM meetings WHERE id = $1',
              [x.body.meetingId],
            )
          ).rows[0],
      );
    expect(await meetingStatus()).toEqual({ status: 'scheduled', started_at: null });
    const xJoin = await anonymous<{ url: string; expiresAt: string }>(
      'POST',
      `/public/consultations/manage/${xToken}/join`,
    );
    expect(xJoin.status).toBe(200);
    const claims = await verifyAsJitsi(xJoin.body.url);
    expect(claims.context.user).toMatchObject({ name: '김민원', moderator: false, lobby: true, affiliation: 'member' });
    expect(claims.nbf).toBe(Math.floor((Date.parse(next.startsAt) - 5 * 60_000) / 1000));
    expect(claims.exp).toBe(Math.floor((Date.parse(next.endsAt) + 5 * 60_000) / 1000));
    await expect(verifyAsJitsi(xJoin.body.url, new Date(Date.parse(next.endsAt) + 6 * 60_000))).rejects.toThrow(/exp/);
    // The citizen entering starts the consultation's meeting and opens their stay, as anyone entering a meeting does.
    const started = await meetingStatus();
    expect(started?.status).toBe('started');
    expect(started?.started_at).not.toBeNull();
    const stays = await inv2.call<Array<{ displayName: string; leftAt: string | null }>>(
      'GET',
      `/meetings/${x.body.meetingId ?? ''}/attendance`,
    );
    expect(stays.body).toEqual([expect.objectContaining({ displayName: '김민원', leftAt: null })]);
    // The investigator moderates the same room and skips the lobby.
    const hostJoin = await inv2.call<{ url: string }>('POST', `/meetings/${x.body.meetingId ?? ''}/join`);
    expect(hostJoin.status).toBe(200);
    const hostClaims = await verifyAsJitsi(hostJoin.body.url);
    expect(hostClaims.room).toBe(claims.room);
    expect(hostClaims.context.user).toMatchObject({ moderator: true, lobby_bypass: true });
    // Y's slot is tomorrow: no token yet; Y's room is another room, which X's token does not open.
    const yEarly = await anonymous<{
      code: string;
      messages: { ko: string; en: string };
      details: { opensAt: string };
    }>('POST', `/public/consultations/manage/${yToken}/join`);
    expect([yEarly.status, yEarly.body.code]).toEqual([409, 'CONSULT_NOT_OPEN_YET']);
    const opensAt = new Date(Date.parse(tomorrow.startsAt) - 5 * 60_000).toISOString();
    expect(yEarly.body.details.opensAt).toBe(opensAt);
    // The citizen reads when it opens in words and in their own zone, never a UTC timestamp.
    const inWords = (zone: string) => {
      const t = DateTime.fromISO(opensAt, { zone });
      return {
        ko: `${t.month}월 ${t.day}일 \\([일월화수목금토]\\) ${t.hour < 12 ? '오전' : '오후'} ${t.toFormat('h:mm')}에 열립니다`,
        en: `${t.setLocale('en').toFormat('ccc d')} \\w+(?: \\d{4})?, ${t.toFormat('h:mm')} ${t.hour < 12 ? 'am' : 'pm'}\\.$`,
      };
    };
    expect(yEarly.body.messages.ko).toMatch(new RegExp(`^상담실은 (\\d{4}년 )?${inWords('Asia/Seoul').ko}\\.$`));
    expect(yEarly.body.messages.en).toMatch(new RegExp(`^The consultation room opens at ${inWords('Asia/Seoul').en}`));
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE consultations SET time_zone = 'America/Los_Angeles' WHERE citizen_email = 'y@example.org'`),
    );
    const yAbroad = await anonymous<{ messages: { ko: string; en: string } }>(
      'POST',
      `/public/consultations/manage/${yToken}/join`,
    );
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE consultations SET time_zone = 'Asia/Seoul' WHERE citizen_email = 'y@example.org'`),
    );
    expect(yAbroad.body.messages.ko).toMatch(
      new RegExp(`^상담실은 (\\d{4}년 )?${inWords('America/Los_Angeles').ko}\\.$`),
    );
    for (const text of [yEarly.body.messages.ko, yEarly.body.messages.en, yAbroad.body.messages.en])
      expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|\d\d:\d\d:\d\d/);
    const yMeeting = await inv2.call<{ url: string }>('POST', `/meetings/${y.body.meetingId ?? ''}/join`);
    expect(yMeeting.status).toBe(409);
    const yRoom = await withAdmin(
      api.config.database.url,
      async (c) =>
        (await c.query<{ video_room: string }>(`SELECT video_room FROM meetings WHERE id = $1`, [y.body.meetingId]))
          .rows[0]?.video_room,
    );
    expect(yRoom).not.toBe(claims.room);
    await expect(
      verifyAsJitsi(
        `https://${JITSI.domain}/${yRoom ?? ''}?jwt=${new URL(xJoin.body.url).searchParams.get('jwt') ?? ''}`,
      ),
    ).rejects.toThrow();

    // Each link reads only its own booking; a forged one reads nothing and changes nothing.
    expect(
      (await anonymous<CitizenConsultationView>('GET', `/public/consultations/manage/${yToken}`)).body,
    ).toMatchObject({ email: 'y@example.org', name: '이민원' });
    for (const forged of [`${xToken.slice(0, -3)}abc`, randomUUID().replace(/-/g, ''), 'short']) {
      expect((await anonymous<{ code: string }>('GET', `/public/consultations/manage/${forged}`)).body.code).toBe(
        'CONSULT_LINK_INVALID',
      );
      expect(
        (await anonymous<{ code: string }>('POST', `/public/consultations/manage/${forged}/cancel`)).body.code,
      ).toBe('CONSULT_LINK_INVALID');
    }
    expect(
      (await anonymous<CitizenConsultationView>('POST', `/public/consultations/manage/${yToken}/cancel`)).body.status,
    ).toBe('cancelled');
    expect(
      (await anonymous<CitizenConsultationView>('GET', `/public/consultations/manage/${xToken}`)).body.status,
    ).toBe('confirmed');

    // Staff: the assigned investigator and the agency's complaint staff read it; nobody else learns it exists.
    expect((await inv2.call('GET', `/consultations/${x.body.id}`)).status).toBe(200);
    expect((await staff.call<StaffConsultationView>('GET', `/consultations/${x.body.id}`)).body.citizen).toMatchObject({
      name: '김민원',
      email: 'x@example.org',
    });
    for (const stranger of [member, outsider, admin]) {
      const answer = await stranger.call<{ code: string }>('GET', `/consultations/${x.body.id}`);
      expect([answer.status, answer.body.code]).toEqual([404, 'CONSULT_NOT_FOUND']);
      expect((await stranger.call<{ code: string }>('POST', `/consultations/${x.body.id}/cancel`)).status).toBe(404);
    }
    expect((await member.call<{ code: string }>('GET', '/consultations')).body.code).toBe(
      'CONSULT_NOT_COMPLAINT_STAFF',
    );
    expect((await outsider.call<StaffConsultationView[]>('GET', '/consultations')).body).toEqual([]);
    // The meetings API does not move or cancel a consultation behind the citizen's back.
    expect((await inv2.call<{ code: string }>('POST', `/meetings/${x.body.meetingId ?? ''}/cancel`)).body.code).toBe(
      'MEETING_MANAGED_BY_CONSULTATION',
    );
    // No-show only once it has begun (the service is asked as if the slot were over); outcome notes are for staff only.
    if (Date.now() < Date.parse(next.startsAt) - 1000)
      expect((await staff.call<{ code: string }>('POST', `/consultations/${x.body.id}/no-show`)).body.code).toBe(
        'CONSULT_NOT_STARTED',
      );
    const staffPrincipal = {
      userId: ids.staff,
      kind: 'staff' as const,
      agencyId: null,
      roles: [UserRole.ComplaintInvestigator],
      tokenId: 't',
      tokenExpiresAt: 0,
    };
    const missed = await api.app
      .get(ConsultationService)
      .noShow(staffPrincipal, x.body.id, new Date(Date.parse(next.endsAt)));
    expect(missed).toMatchObject({ status: 'no_show' });
    const outcome = await inv2.call<StaffConsultationView>('POST', `/consultations/${x.body.id}/outcome`, {
      notes: '현장 확인 후 재안내 예정',
    });
    expect(outcome.body.outcomeNotes).toBe('현장 확인 후 재안내 예정');
    expect(
      JSON.stringify((await anonymous<CitizenConsultationView>('GET', `/public/consultations/manage/${xToken}`)).body),
    ).not.toContain('현장 확인');

    // Z's consultation is under ten minutes away: its 10-minute reminder is due at once, to both sides, once.
    const soon = slotsB[1];
    if (!soon) throw new Error('no second slot');
    const z = await staff.call<StaffConsultationView>('POST', '/consultations', {
      startsAt: soon.startsAt,
      email: 'z@example.org',
      name: '박민원',
      summary: '소음',
      investigatorId: ids.inv2,
    });
    expect(z.status).toBe(201);
    await waitForJobs(worker.app);
    await eventually(
      () => expect(mailsTo('z@example.org').filter((m) => m.subject?.includes('알림'))).toHaveLength(1),
      10_000,
    );
    const reminder = mailsTo('z@example.org').find((m) => m.subject?.includes('알림'));
    expect(icsOf(reminder).getFirstPropertyValue('method')).toBe('REQUEST');
    expect(linkIn(reminder, 'manage')).toBe(linkIn(mailsTo('z@example.org')[0], 'manage'));
    const dms = async () => {
      const rooms = (await inv2.call<RoomView[]>('GET', '/rooms')).body.filter((r) => r.kind === 'direct');
      return (
        await Promise.all(
          rooms.map(async (r) => (await inv2.call<MessageView[]>('GET', `/rooms/${r.id}/messages`)).body),
        )
      ).flat();
    };
    await eventually(
      async () =>
        expect(
          (await dms()).filter((m) => m.body.startsWith('⏰ 영상 민원상담') && m.body.includes(z.body.id.slice(0, 8))),
        ).toHaveLength(1),
      10_000,
    );
    expect((await dms()).filter((m) => m.body.startsWith('⏰') && m.body.includes(x.body.id.slice(0, 8)))).toHaveLength(
      0,
    );

    // Every read of citizen data is in the audit log, by whom.
    await waitForJobs(worker.app);
    const audit = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ action: string; actor_id: string | null }>(
            `SELECT action, actor_id FROM audit_log WHERE subject_type = 'consultation' AND subject_id = $1`,
            [x.body.id],
          )
        ).rows,
    );
    expect(audit.filter((a) => a.action === 'consultation.read').map((a) => a.actor_id)).toEqual(
      expect.arrayContaining([ids.inv2, ids.staff, null]),
    );
    expect(audit.some((a) => a.action === 'consultation.outcome' && a.actor_id === ids.inv2)).toBe(true);
  });

  it('cancelling frees the slot and stops the reminders; reminders survive a Redis flush', async () => {
    const queue = api.app.get(QueueService).queue('consultations');
    const [first, second] = (await publicSlots(topicA)).slice(1);
    if (!first || !second) throw new Error('no slots');
    const manage = await bookAndConfirm(topicA, first.startsAt, 'cancel.me@example.org');
    const keep = await bookAndConfirm(topicA, second.startsAt, 'keep.me@example.org');
    const [booked] = await consultationsAt(first.startsAt);
    const [kept] = await consultationsAt(second.startsAt);
    const jobOf = (id: string, startsAt: string, offset: number) =>
      queue.getJob(consultationReminderJobId(id, new Date(startsAt), offset));
    expect(await (await jobOf(booked?.id ?? '', first.startsAt, 10))?.isDelayed()).toBe(true);

    const cancelled = await anonymous<CitizenConsultationView>('POST', `/public/consultations/manage/${manage}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', canChange: false, joinOpensAt: null });
    expect(await jobOf(booked?.id ?? '', first.startsAt, 10)).toBeUndefined();
    expect(await jobOf(booked?.id ?? '', first.startsAt, 1440)).toBeUndefined();
    expect((await publicSlots(topicA)).map((s) => s.startsAt)).toContain(first.startsAt);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('cancel.me@example.org')).toHaveLength(3), 10_000);
    expect(icsOf(mailsTo('cancel.me@example.org')[2]).getFirstPropertyValue('method')).toBe('CANCEL');
    expect((await anonymous<{ code: string }>('POST', `/public/consultations/manage/${manage}/join`)).body.code).toBe(
      'CONSULT_CLOSED',
    );
    expect((await anonymous<{ code: string }>('POST', `/public/consultations/manage/${manage}/cancel`)).body.code).toBe(
      'CONSULT_CLOSED',
    );
    // Were a reminder job to run anyway (a copy Redis kept), it finds the booking cancelled and sends nothing.
    const reminders = worker.app.get(ConsultationReminderService);
    expect(
      await reminders.due({ consultationId: booked?.id ?? '', startsAt: first.startsAt, offsetMinutes: 10 }),
    ).toBeNull();

    // Moving the kept one: a new time of the same investigator, a new room, the calendar entry updated.
    const [, , , third] = await publicSlots(topicA);
    if (!third) throw new Error('no slot to move to');
    const roomOf = async (startsAt: string) =>
      withAdmin(
        api.config.database.url,
        async (c) =>
          (
            await c.query<{ video_room: string; sequence: number }>(
              `SELECT m.video_room, m.sequence FROM meetings m JOIN consultations c ON c.meeting_id = m.id WHERE c.starts_at = $1 AND c.status = 'confirmed'`,
              [startsAt],
            )
          ).rows[0],
      );
    const before = await roomOf(second.startsAt);
    const choices = (await anonymous<SlotView[]>('GET', `/public/consultations/manage/${keep}/slots`)).body.map(
      (s) => s.startsAt,
    );
    expect(choices).toContain(third.startsAt);
    expect(choices).not.toContain(second.startsAt);
    const moved = await anonymous<CitizenConsultationView>('POST', `/public/consultations/manage/${keep}/reschedule`, {
      startsAt: third.startsAt,
    });
    expect(moved.body).toMatchObject({ status: 'confirmed', startsAt: third.startsAt });
    const after = await roomOf(third.startsAt);
    expect(after?.video_room).not.toBe(before?.video_room);
    expect(after?.sequence).toBe((before?.sequence ?? 0) + 1);
    expect((await publicSlots(topicA)).map((s) => s.startsAt)).toContain(second.startsAt);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('keep.me@example.org')).toHaveLength(3), 10_000);
    const update = icsOf(mailsTo('keep.me@example.org')[2]).getFirstSubcomponent('vevent');
    expect(update?.getFirstPropertyValue('sequence')).toBe(1);
    expect(new ICAL.Event(update as ICAL.Component).startDate.toJSDate().toISOString()).toBe(third.startsAt);
    expect(
      await reminders.due({ consultationId: kept?.id ?? '', startsAt: second.startsAt, offsetMinutes: 10 }),
    ).toBeNull();
    expect(await (await jobOf(kept?.id ?? '', third.startsAt, 10))?.isDelayed()).toBe(true);
    const taken = await anonymous<{ code: string }>('POST', `/public/consultations/manage/${keep}/reschedule`, {
      startsAt: new Date(Date.parse(third.startsAt) + 60_000).toISOString(),
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'CONSULT_SLOT_UNAVAILABLE']);

    // The slot can be booked again by someone else.
    expect((await request(topicA, first.startsAt, 'next.one@example.org')).status).toBe(202);

    // Redis loses every job; the restarted worker enqueues the kept booking's reminders again.
    await worker.close();
    const redis = api.app.get(RedisService).client;
    const keys = await redis.keys(`${api.app.get(QueueService).prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await jobOf(kept?.id ?? '', third.startsAt, 10)).toBeUndefined();
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    expect(await (await jobOf(kept?.id ?? '', third.startsAt, 10))?.isDelayed()).toBe(true);
  });

  it('/consult book in a staff room books for the citizen and mails them; others may not', async () => {
    const room = (
      await staff.call<RoomView>('POST', '/rooms', { kind: 'group', name: '민원팀', userIds: [ids.inv2, ids.inv1] })
    ).body;
    const say = async (client: ApiClient, body: string) =>
      (await client.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body })).body;
    // The first day from tomorrow that is not a public holiday (investigator 2 works every other day).
    let day = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
    while ((await getHolidayPreset(String(day.year)))[day.toISODate() as `${number}-${number}-${number}`])
      day = day.plus({ days: 1 });
    const command = await say(
      staff,
      `/상담 예약 ${day.month}월 ${day.day}일 10:00 hong.gildong@example.org "불법 주정차 단속 이의" 이름:홍길동`,
    );
    await waitForJobs(worker.app);
    const run = (await staff.call<{ status: string; reply: string | null }>('GET', `/commands/runs/${command.id}`))
      .body;
    expect(run).toMatchObject({ status: 'done' });
    const card = (await staff.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=20`)).body.find(
      (m) => m.kind === 'bot' && m.body.includes('상담 예약'),
    );
    expect(card?.body).toMatch(/이조사/);
    expect(card?.body).toContain('h***@example.org');
    expect(card?.body).not.toContain('hong.gildong@');
    const booked = await consultationsAt(day.set({ hour: 10 }).toJSDate().toISOString());
    expect(booked.map((c) => [c.status, c.investigator_id])).toEqual([['confirmed', ids.inv2]]);
    await eventually(() => expect(mailsTo('hong.gildong@example.org')).toHaveLength(1), 10_000);
    expect(mailsTo('hong.gildong@example.org')[0]?.subject).toContain('예약 확정');
    expect(linkIn(mailsTo('hong.gildong@example.org')[0], 'manage')).not.toBe('');

    // The slot list in the room names the investigator; someone without the role is refused.
    const slots = await say(staff, `/consult slots ${day.month}/${day.day} @inv2.acrc`);
    await waitForJobs(worker.app);
    expect((await staff.call<{ reply: string | null }>('GET', `/commands/runs/${slots.id}`)).body.reply).toMatch(
      /상담 가능 시간:[\s\S]*이조사/,
    );
    const general = (await member.call<RoomView>('POST', '/rooms', { kind: 'group', name: '일반', userIds: [] })).body;
    const attempt = (
      await member.call<MessageView>('POST', `/rooms/${general.id}/messages`, {
        clientMessageId: cid(),
        body: '/consult book 내일 11:00 someone@example.org "요지"',
      })
    ).body;
    await waitForJobs(worker.app);
    const refused = (
      await member.call<{ status: string; errorCode: string | null; reply: string | null }>(
        'GET',
        `/commands/runs/${attempt.id}`,
      )
    ).body;
    expect(refused).toMatchObject({ status: 'failed', errorCode: 'COMMAND_NOT_ALLOWED' });
    expect(mailsTo('someone@example.org')).toHaveLength(0);
  });

  it("what the citizen's pages read: topics someone takes, each day's state, the manage token on confirming, the .ics by the manage link", async () => {
    type Topics = {
      agency: { code: string } | null;
      topics: Array<{ id: string; agency: { code: string; name: string } }>;
      settings: { retentionDays: number; holdMinutes: number; joinMarginMinutes: number };
    };
    type Day = { day: string; state: string; closedFor: string[]; slots: SlotView[] };
    // A topic nobody takes is not offered; without an agency every agency's offered topics are listed.
    const untaken = (await admin.call<{ id: string }>('POST', '/consultations/topics', { name: '아무도 안 맡은 분야' }))
      .body.id;
    const all = (await anonymous<Topics>('GET', '/public/consultations/topics')).body;
    expect(all.agency).toBeNull();
    expect(
      all.topics
        .filter((t) => t.agency.code === '1140100')
        .map((t) => t.id)
        .sort(),
    ).toEqual([topicA, topicB].sort());
    expect(all.topics.map((t) => t.id)).not.toContain(untaken);
    expect(all.settings).toEqual({
      retentionDays: api.config.consultations.retentionDays,
      holdMinutes: api.config.consultations.holdMinutes,
      joinMarginMinutes: api.config.consultations.joinMarginMinutes,
    });
    expect((await anonymous<Topics>('GET', '/public/consultations/topics?agency=1140100')).body.agency).toMatchObject({
      code: '1140100',
    });

    // Investigator 1's weekdays, three to four weeks ahead: one closed by the agency, one with a single slot, then taken.
    const from = DateTime.now().setZone(ZONE).plus({ days: 21 }).startOf('day');
    const known: Record<string, readonly string[]> = {};
    for (const year of new Set([from.year, from.plus({ days: 14 }).year]))
      Object.assign(known, await getHolidayPreset(String(year)));
    const weekdays = Array.from({ length: 14 }, (_, i) => from.plus({ days: i })).filter(
      (d) => d.weekday <= 5 && !((d.toISODate() ?? '') in known),
    );
    const closed = weekdays[0]?.toISODate() ?? '';
    const full = weekdays[1]?.toISODate() ?? '';
    expect((await admin.call('POST', '/consultations/closures', { day: closed, reason: '승강기 공사' })).status).toBe(
      201,
    );
    expect(
      (
        await inv1.call('POST', '/consultations/schedule/exceptions', {
          day: full,
          kind: 'off',
          start: '09:00',
          end: '11:00',
        })
      ).status,
    ).toBe(201);
    const lastSlot = DateTime.fromISO(`${full}T11:00`, { zone: ZONE }).toUTC().toISO() ?? '';
    expect((await request(topicA, lastSlot, 'whole-day@example.org')).status).toBe(202);
    const days = await anonymous<Day[]>(
      'GET',
      `/public/consultations/days?topicId=${topicA}&from=${encodeURIComponent(from.toISO() ?? '')}&days=14&timeZone=${ZONE}`,
    );
    expect(days.status).toBe(200);
    expect(days.body.map((d) => d.day)).toEqual(
      Array.from({ length: 14 }, (_, i) => from.plus({ days: i }).toISODate()),
    );
    const byDay = new Map(days.body.map((d) => [d.day, d]));
    expect(byDay.get(closed)).toMatchObject({ state: 'closed', closedFor: ['승강기 공사'], slots: [] });
    expect(byDay.get(full)).toMatchObject({ state: 'full', slots: [] });
    for (const d of days.body.filter((x) => DateTime.fromISO(x.day).weekday > 5))
      expect(d).toMatchObject({ state: 'none', slots: [] });
    for (const d of days.body.filter((x) => x.day in known))
      expect(d.state === 'closed' && d.closedFor.length > 0).toBe(true);
    const open = weekdays[2]?.toISODate() ?? '';
    const slots = (await publicSlots(topicA, `&from=${encodeURIComponent(from.toISO() ?? '')}&days=14`)).filter((s) =>
      s.local.startsWith(open),
    );
    expect(byDay.get(open)).toMatchObject({ state: 'open', closedFor: [] });
    expect(byDay.get(open)?.slots).toEqual(slots);

    // Confirming answers with the manage token the next mail carries; the .ics comes by that token only.
    const email = 'pages@example.org';
    const startsAt = slots[0]?.startsAt ?? '';
    expect((await request(topicA, startsAt, email)).status).toBe(202);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo(email)).toHaveLength(1), 10_000);
    const confirmed = await anonymous<CitizenConsultationView & { manageToken: string }>(
      'POST',
      `/public/consultations/confirm/${linkIn(mailsTo(email)[0], 'confirm')}`,
    );
    expect(confirmed.body).toMatchObject({
      status: 'confirmed',
      startsAt,
      agency: { code: '1140100', name: '국민권익위원회' },
    });
    expect(Date.parse(confirmed.body.joinClosesAt ?? '')).toBe(
      Date.parse(confirmed.body.endsAt) + api.config.consultations.joinMarginMinutes * 60_000,
    );
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo(email)).toHaveLength(2), 10_000);
    const token = confirmed.body.manageToken;
    expect(token).toBe(linkIn(mailsTo(email)[1], 'manage'));
    const file = await fetch(`${api.baseUrl}/public/consultations/manage/${token}/calendar.ics`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/calendar');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    const entry = new ICAL.Event(
      ICAL.Component.fromString(await file.text()).getFirstSubcomponent('vevent') as ICAL.Component,
    );
    const mailed = new ICAL.Event(icsOf(mailsTo(email)[1]).getFirstSubcomponent('vevent') as ICAL.Component);
    expect(entry.startDate.toJSDate().toISOString()).toBe(startsAt);
    expect(entry.uid).toBe(mailed.uid);
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(
      (await anonymous<{ code: string }>('GET', `/public/consultations/manage/${forged}/calendar.ics`)).body.code,
    ).toBe('CONSULT_LINK_INVALID');
    expect((await anonymous<{ code: string }>('GET', `/public/consultations/manage/${forged}/days`)).body.code).toBe(
      'CONSULT_LINK_INVALID',
    );
    const moveDays = await anonymous<Day[]>(
      'GET',
      `/public/consultations/manage/${token}/days?from=${encodeURIComponent(from.toISO() ?? '')}&days=14&timeZone=${ZONE}`,
    );
    expect(moveDays.body.find((d) => d.day === open)?.slots.map((s) => s.startsAt)).toEqual(
      slots.slice(1).map((s) => s.startsAt),
    );
    expect((await anonymous('POST', `/public/consultations/manage/${token}/cancel`)).status).toBe(200);
    expect(
      (await anonymous<{ code: string }>('GET', `/public/consultations/manage/${token}/calendar.ics`)).body.code,
    ).toBe('CONSULT_CLOSED');
  });

  it("without a video deployment a citizen's room never opens on the public meet.jit.si, unless the operator allowed that in so many words", async () => {
    const slot = (await publicSlots(topicB)).find((s) => Date.parse(s.startsAt) > Date.now() + 3 * 3_600_000);
    if (!slot) throw new Error('no slot three hours ahead');
    const booked = await staff.call<StaffConsultationView>('POST', '/consultations', {
      startsAt: slot.startsAt,
      email: 'novideo@example.org',
      name: '정영상',
      summary: '민원',
      investigatorId: ids.inv2,
    });
    expect(booked.status).toBe(201);
    await waitForJobs(worker.app);
    await eventually(() => expect(mailsTo('novideo@example.org')).toHaveLength(1), 10_000);
    const token = linkIn(mailsTo('novideo@example.org')[0], 'manage');
    const during = new Date(Date.parse(slot.startsAt));
    // The same deployment without JITSI_DOMAIN: once as configured by default, once with citizens allowed on the public service.
    const publicVideo = { ...api.config.jitsi, domain: undefined, appId: undefined, appSecret: undefined };
    const unset = await startTestApp({ ...api.config, roles: new Set(['api']), jitsi: publicVideo });
    const allowed = await startTestApp({
      ...api.config,
      roles: new Set(),
      jitsi: { ...publicVideo, publicAllowedForCitizens: true },
    });
    try {
      const refused = await fetch(`${unset.baseUrl}/public/consultations/manage/${token}/join`, { method: 'POST' });
      const body = (await refused.json()) as { code: string; messages: { ko: string; en: string } };
      expect([refused.status, body.code]).toEqual([503, 'CONSULT_VIDEO_NOT_CONFIGURED']);
      expect(body.messages.ko).toContain('영상 상담 서버가 설정되지 않아');
      expect(body.messages.en).toContain('Video consultations are not set up here');
      // Refused whenever it is asked, not only around the slot.
      await expect(unset.app.get(ConsultationService).joinByCitizen(token, during)).rejects.toMatchObject({
        code: 'CONSULT_VIDEO_NOT_CONFIGURED',
      });
      await expect(allowed.app.get(ConsultationService).joinByCitizen(token, during)).resolves.toMatchObject({
        domain: 'meet.jit.si',
        token: null,
        publicDeployment: true,
      });
      await expect(api.app.get(ConsultationService).joinByCitizen(token, during)).resolves.toMatchObject({
        domain: JITSI.domain,
        publicDeployment: false,
      });
    } finally {
      await allowed.close();
      await unset.close();
    }
  });

  it('retention clears the citizen data of consultations long over, and their links stop working', async () => {
    const [one] = await consultationsAt(
      (await staff.call<StaffConsultationView[]>('GET', '/consultations?days=3&status=confirmed')).body[0]?.startsAt ??
        '',
    );
    expect(one).toBeDefined();
    const cleared = await worker.app
      .get(ConsultationReminderService)
      .applyRetention(new Date(Date.now() + 400 * 86_400_000));
    expect(cleared).toBeGreaterThan(3);
    const rows = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM consultations WHERE citizen_email IS NOT NULL OR summary IS NOT NULL OR citizen_name IS NOT NULL OR outcome_notes IS NOT NULL`,
          )
        ).rows,
    );
    expect(Number(rows[0]?.n)).toBe(0);
    const guests = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ email: string }>(
            `SELECT p.email FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id WHERE m.kind = 'consultation' AND p.user_id IS NULL`,
          )
        ).rows,
    );
    expect(guests.filter((g) => !g.email.endsWith('@invalid'))).toEqual([]);
    const view = await staff.call<StaffConsultationView>('GET', `/consultations/${one?.id ?? ''}`);
    expect(view.body).toMatchObject({ anonymised: true, citizen: { name: null, email: null }, summary: null });
  });
});

function weekdays() {
  return [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));
}
