import ICAL from 'ical.js';
import { jwtVerify, type JWTPayload } from 'jose';
import type { BrowserContext, Page } from '@playwright/test';
import {
  apiAs,
  baseURL,
  DEMO,
  expect,
  expectAccessible,
  personPage,
  screenshot,
  signIn,
  test,
  unique,
  waitForMail,
} from './support/fixtures.ts';

const JITSI_DOMAIN = 'meet.ieum.test';
const JITSI_APP_ID = 'ieum-web-tests';

/**
 * Stands in for https://meet.ieum.test/external_api.js: defines JitsiMeetExternalAPI as the page
 * calls it, records the options it was given, and opens the room as the real script does (an
 * iframe of the deployment with the token in its address), so the test sees what a deployment gets.
 */
const EXTERNAL_API = `
window.__jitsiStandIn = [];
function JitsiMeetExternalAPI(domain, options) {
  window.__jitsiStandIn.push({ domain: domain, roomName: options.roomName, jwt: options.jwt, lang: options.lang, userInfo: options.userInfo });
  this._listeners = {};
  this._frame = document.createElement('iframe');
  this._frame.src = 'https://' + domain + '/' + encodeURIComponent(options.roomName) + (options.jwt ? '?jwt=' + options.jwt : '');
  this._frame.setAttribute('allow', 'camera; microphone; display-capture');
  options.parentNode.appendChild(this._frame);
}
JitsiMeetExternalAPI.prototype.getIFrame = function () { return this._frame; };
JitsiMeetExternalAPI.prototype.on = function (name, fn) { (this._listeners[name] = this._listeners[name] || []).push(fn); return this; };
JitsiMeetExternalAPI.prototype.executeCommand = function (name) {
  if (name === 'hangup') (this._listeners.readyToClose || []).forEach(function (fn) { fn(); });
};
JitsiMeetExternalAPI.prototype.dispose = function () { this._frame.remove(); };
window.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
`;

const ROOM_PAGE =
  '<!doctype html><html lang="en"><head><title>Jitsi Meet stand-in</title></head><body><main><p>Video room</p></main></body></html>';

/** Routes the deployment for a browser context; returns the room addresses the browser opened. */
async function standInJitsi(context: BrowserContext): Promise<URL[]> {
  const opened: URL[] = [];
  await context.route(`https://${JITSI_DOMAIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/external_api.js')
      return route.fulfill({ contentType: 'application/javascript', body: EXTERNAL_API });
    opened.push(url);
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body: ROOM_PAGE });
  });
  return opened;
}

interface PassedOptions {
  domain: string;
  roomName: string;
  jwt: string;
  lang: string;
  userInfo: { displayName: string };
}

type RoomClaims = JWTPayload & {
  room: string;
  moderator: boolean;
  context: { user: { id: string; name: string; moderator: boolean; lobby?: boolean; lobby_bypass?: boolean } };
};

/** What the page passed to JitsiMeetExternalAPI, once it has. */
async function passedOptions(page: Page): Promise<PassedOptions> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __jitsiStandIn?: unknown[] }).__jitsiStandIn?.length ?? 0))
    .toBe(1);
  return page.evaluate(() => (window as unknown as { __jitsiStandIn: [PassedOptions] }).__jitsiStandIn[0]);
}

/** Checks a token as prosody's token authentication does for the room it is presented in. */
async function verifyAsJitsi(jwt: string, room: string): Promise<RoomClaims> {
  const secret = new TextEncoder().encode(process.env.IEUM_WEB_JITSI_SECRET);
  const { payload, protectedHeader } = await jwtVerify(jwt, secret, {
    algorithms: ['HS256'],
    audience: JITSI_APP_ID,
    issuer: JITSI_APP_ID,
    subject: JITSI_DOMAIN,
  });
  expect(protectedHeader.alg).toBe('HS256');
  const claims = payload as RoomClaims;
  expect(claims.room).toBe(room);
  const now = Math.floor(Date.now() / 1000);
  expect(claims.exp).toBeGreaterThan(now);
  expect(claims.nbf).toBeLessThanOrEqual(now);
  return claims;
}

/** A day and a time on the wall clock of a zone. */
function wallClock(at: Date, zone: string): { day: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

test.describe('video meetings in the browser', () => {
  test('a meeting scheduled in the browser with a colleague and an outside guest: the invitation carries an .ics and a link, and the host and the guest join with tokens a Jitsi deployment accepts', async ({
    page,
    context,
    browser,
    request,
  }) => {
    const host = await apiAs(request, DEMO.kim);
    const lee = await apiAs(request, DEMO.lee);
    const zone = (await host.get<{ timeZone: string }>('/me')).timeZone;
    const title = `부처 협의 ${unique()}`;
    const guestEmail = `guest-${unique()}@example.org`;
    // The server checks join windows against its own clock: the meeting starts a few minutes from now.
    const now = new Date();
    const startsAt = new Date(Math.ceil((now.getTime() + 3 * 60_000) / 60_000) * 60_000);
    const start = wallClock(startsAt, zone);

    await page.clock.install({ time: now });
    const hostRooms = await standInJitsi(context);
    await signIn(page, DEMO.kim);
    await page.goto('/meetings/new');
    await expect(page.getByRole('heading', { name: '회의 예약', level: 1 })).toBeVisible();
    await page.getByLabel('회의 제목').fill(title);
    await page.getByLabel('날짜').fill(start.day);
    await page.getByLabel('시작 시각').fill(start.time);
    await page.getByLabel('회의 시간').selectOption({ label: '30분' });
    await page.getByRole('checkbox', { name: '대기실 사용' }).check();
    await page.getByLabel('안건').fill('1. 협업 과제 점검\n2. 다음 일정');
    await page.getByRole('searchbox', { name: /참석자\(공무원\)/ }).fill(DEMO.lee);
    await page.getByRole('button', { name: new RegExp(`^${lee.me.displayName} .*추가$`) }).click();
    await expect(page.getByRole('list', { name: '선택한 항목' }).first()).toContainText(lee.me.displayName);
    await page.getByLabel('전자우편 주소').fill(guestEmail);
    await page.getByLabel('이름(선택)').fill('홍길동 위원');
    await page.getByRole('button', { name: '외부 참석자 추가' }).click();
    await expect(page.getByRole('button', { name: `${guestEmail} 빼기` })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'meeting-new');

    await page.getByRole('button', { name: '예약하고 초대 보내기' }).click();
    await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '회의를 예약하고 초대장을 보냈습니다.' })).toBeVisible();
    const people = page.getByRole('complementary');
    await expect(people.getByText(lee.me.displayName)).toBeVisible();
    await expect(people.getByText('홍길동 위원')).toBeVisible();
    await expect(page.getByText('1. 협업 과제 점검')).toBeVisible();
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    await expectAccessible(page);
    await screenshot(page, 'meeting-detail');

    // The invitation reached the guest over SMTP with a calendar entry for the time chosen in the browser.
    const mail = await waitForMail(guestEmail, (m) => m.subject.includes(title));
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
    expect(ics, 'an .ics attachment').toBeDefined();
    const calendar = new ICAL.Component(
      ICAL.parse(Buffer.from(ics?.content ?? '', 'base64').toString('utf8')) as unknown[],
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent');
    expect(event?.getFirstPropertyValue('summary')).toBe(title);
    expect((event?.getFirstPropertyValue('dtstart') as { toJSDate(): Date }).toJSDate().toISOString()).toBe(
      startsAt.toISOString(),
    );
    expect((event?.getFirstPropertyValue('dtend') as { toJSDate(): Date }).toJSDate().toISOString()).toBe(
      new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    );
    const link = /https?:\/\/\S+\/meetings\/guest\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0] ?? '';
    expect(link.startsWith(baseURL())).toBe(true);

    // The host joins in the browser: a moderator's token for this meeting's room.
    await page.getByRole('link', { name: '회의 참여' }).click();
    await expect(page).toHaveURL(new RegExp(`/meetings/${meetingId}/join$`));
    await expect(page.locator('iframe[title]')).toBeVisible();
    const hostOptions = await passedOptions(page);
    expect(hostOptions).toMatchObject({
      domain: JITSI_DOMAIN,
      lang: 'ko',
      userInfo: { displayName: host.me.displayName },
    });
    const hostClaims = await verifyAsJitsi(hostOptions.jwt, hostOptions.roomName);
    expect(hostClaims.moderator).toBe(true);
    expect(hostClaims.context.user).toMatchObject({
      id: host.me.id,
      name: host.me.displayName,
      moderator: true,
      lobby_bypass: true,
    });
    // The deployment was asked for exactly that room with exactly that token.
    await expect.poll(() => hostRooms.length).toBe(1);
    expect(decodeURIComponent(hostRooms[0]?.pathname.slice(1) ?? '')).toBe(hostOptions.roomName);
    expect(hostRooms[0]?.searchParams.get('jwt')).toBe(hostOptions.jwt);
    await expect(page.getByText('진행자로 참여합니다.', { exact: false })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'meeting-join');

    // The guest opens the mailed link in a browser of their own, with no account, on a phone.
    const guestContext = await browser.newContext({ baseURL: baseURL(), viewport: { width: 375, height: 812 } });
    try {
      const guestRooms = await standInJitsi(guestContext);
      const guestPage = await guestContext.newPage();
      await guestPage.clock.install({ time: new Date() });
      await guestPage.goto(new URL(link).pathname);
      await expect(guestPage.getByRole('heading', { name: title, level: 1 })).toBeVisible();
      await expect(guestPage.getByText(host.me.displayName)).toBeVisible();
      await expect(guestPage.getByText('대기실을 씁니다', { exact: false })).toBeVisible();
      const name = guestPage.getByLabel('회의에서 보일 이름');
      await expect(name).toHaveValue('홍길동 위원');
      await expectAccessible(guestPage, { all: true });
      await screenshot(guestPage, 'meeting-guest');
      await name.fill('홍길동 자문위원');
      await guestPage.getByRole('button', { name: '회의 참여' }).click();
      await expect(guestPage.locator('iframe[title]')).toBeVisible();
      const guestOptions = await passedOptions(guestPage);
      expect(guestOptions.roomName).toBe(hostOptions.roomName);
      const guestClaims = await verifyAsJitsi(guestOptions.jwt, guestOptions.roomName);
      expect(guestClaims.moderator).toBe(false);
      expect(guestClaims.context.user).toMatchObject({ name: '홍길동 자문위원', moderator: false, lobby: true });
      expect(guestClaims.context.user.id).not.toBe(host.me.id);
      await expect.poll(() => guestRooms.length).toBe(1);
      expect(guestRooms[0]?.searchParams.get('jwt')).toBe(guestOptions.jwt);
      await expect(guestPage.getByText('대기실에서 기다립니다.', { exact: false })).toBeVisible();
      await expectAccessible(guestPage, { all: true });
      await screenshot(guestPage, 'meeting-guest-room');
      // Leaving says so and offers to come back.
      await guestPage.getByRole('button', { name: '회의에서 나가기' }).click();
      await expect(guestPage.getByText('회의에서 나왔습니다.')).toBeVisible();
      await expect(guestPage.getByRole('button', { name: '다시 참여' })).toBeVisible();
      await guestPage.setViewportSize({ width: 1280, height: 800 });
      await screenshot(guestPage, 'meeting-guest');
    } finally {
      await guestContext.close();
    }

    // The host sees both in the attendance once they leave the room.
    await page.getByRole('button', { name: '회의에서 나가기' }).click();
    await expect(page).toHaveURL(new RegExp(`/meetings/${meetingId}$`));
    const attendance = page.getByRole('table', { name: '출석 기록' });
    await expect(attendance.getByRole('rowheader', { name: host.me.displayName })).toBeVisible();
    await expect(attendance.getByRole('rowheader', { name: '홍길동 위원' })).toBeVisible();

    // The colleague finds it in their list, and in the calendar's week on the meeting's day (the
    // browser's clock set to the meeting's start, so "today" is that day whatever the hour).
    const colleague = await personPage(browser, DEMO.lee);
    try {
      await colleague.page.clock.install({ time: startsAt });
      await colleague.page.goto('/meetings');
      await expect(colleague.page.getByRole('link', { name: title })).toBeVisible();
      await expectAccessible(colleague.page);
      await screenshot(colleague.page, 'meetings-list');
      await colleague.page.getByRole('link', { name: '주간 일정' }).click();
      const today = colleague.page.locator('li[aria-current="date"]');
      await expect(today.getByRole('link', { name: new RegExp(title) })).toBeVisible();
      await expectAccessible(colleague.page);
      await screenshot(colleague.page, 'meetings-calendar');
    } finally {
      await colleague.context.close();
    }
  });

  test('a weekly advisory committee with a skipped date: the form computes the dates, the host drops one more and moves or cancels meetings', async ({
    page,
    request,
  }) => {
    const host = await apiAs(request, DEMO.kim);
    const zone = (await host.get<{ timeZone: string }>('/me')).timeZone;
    const now = new Date();
    // Four weeks ahead at 10:00 in the host's zone: far from any join window, whatever the hour now.
    const first = wallClock(new Date(now.getTime() + 28 * 86_400_000), zone).day;
    const title = `정부혁신 자문위원회 정례회의 ${unique()}`;
    await page.clock.install({ time: now });
    await signIn(page, DEMO.kim);
    await page.goto('/meetings/new');
    await page.getByLabel('회의 제목').fill(title);
    await page.getByLabel('회의 종류').selectOption({ label: '자문위원회' });
    await page.getByLabel('날짜').fill(first);
    await page.getByLabel('시작 시각').fill('10:00');
    await page.getByLabel('반복', { exact: true }).selectOption({ index: 1 }); // 매주 <that weekday>
    await page.getByLabel('반복 횟수').fill('4');
    const skips = page.getByRole('group', { name: '건너뛸 회차' }).getByRole('checkbox');
    await expect(skips).toHaveCount(3);
    await skips.first().check();
    await page.getByRole('searchbox', { name: /기관 전체 초대/ }).fill('자문위원회');
    await page.getByRole('button', { name: /^정부혁신 자문위원회 .*추가$/ }).click();
    // The committee's own members may all be outside guests: a colleague makes sure someone is invited.
    const lee = await apiAs(request, DEMO.lee);
    await page.getByRole('searchbox', { name: /참석자\(공무원\)/ }).fill(DEMO.lee);
    await page.getByRole('button', { name: new RegExp(`^${lee.me.displayName} .*추가$`) }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: '예약하고 초대 보내기' }).click();
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(page.getByText(/^매주 .요일, 4회$/)).toBeVisible();
    const upcoming = page.getByRole('list').filter({ has: page.getByRole('button', { name: '이 회차 취소' }) });
    await expect(upcoming.getByRole('listitem')).toHaveCount(3);
    await expect(page.locator('del')).toHaveCount(1);
    await expect(page.getByText('자문위원회', { exact: true }).first()).toBeVisible();

    // Dropping the last one: it moves to the cancelled dates.
    await upcoming.getByRole('listitem').last().getByRole('button', { name: '이 회차 취소' }).click();
    await page.getByRole('button', { name: /회차를 취소합니다$/ }).click();
    await expect(page.getByRole('status').filter({ hasText: '회차를 취소하고 참석자에게 알렸습니다.' })).toBeVisible();
    await expect(upcoming.getByRole('listitem')).toHaveCount(2);
    await expect(page.locator('del')).toHaveCount(2);
    await screenshot(page, 'meeting-series');

    // Cancelling the whole series.
    await page.getByRole('button', { name: '회의 취소' }).click();
    await page.getByRole('button', { name: '회의를 취소합니다' }).click();
    await expect(page.getByRole('status').filter({ hasText: '회의를 취소하고 참석자에게 알렸습니다.' })).toBeVisible();
    await expect(page.getByText('취소된 회의입니다.')).toBeVisible();
    await expect(page.getByRole('link', { name: '회의 참여' })).toHaveCount(0);

    // Moving a one-off meeting to another time.
    const oneOff = await host.post<{ id: string }>('/meetings', {
      title: `단건 협의 ${unique()}`,
      startsAt: new Date(`${first}T10:00:00+09:00`).toISOString(),
      durationMinutes: 60,
      timeZone: zone,
      userIds: [lee.me.id],
    });
    await page.goto(`/meetings/${oneOff.id}`);
    await page.getByRole('button', { name: '일정 변경' }).click();
    await page.getByRole('form', { name: '일정 변경' }).getByLabel('시작 시각').fill('15:30');
    await expectAccessible(page);
    await page.getByRole('button', { name: '변경 저장' }).click();
    await expect(page.getByRole('status').filter({ hasText: '일정을 바꾸고 참석자에게 알렸습니다.' })).toBeVisible();
    await expect(page.getByRole('region', { name: '일정', exact: true })).toContainText('오후 3:30');
    const moved = await host.get<{ startsAt: string }>(`/meetings/${oneOff.id}`);
    expect(wallClock(new Date(moved.startsAt), zone)).toEqual({ day: first, time: '15:30' });
  });
});
