import { getHolidayPreset } from '@hyunbinseo/holidays-kr';
import type { APIRequestContext, BrowserContext, Locator, Page, Request } from '@playwright/test';
import { jwtVerify } from 'jose';
import { DateTime } from 'luxon';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { publicBundle, PUBLIC_BUDGET_BYTES } from '../../bench/web-bundle-size.ts';
import { CHROMIUM_ARGS } from './playwright.config.ts';
import {
  apiAs,
  baseURL,
  demoPassword,
  expect,
  expectAccessible,
  personPage,
  screenshot,
  test,
  unique,
  waitForMail,
} from './support/fixtures.ts';
import { JITSI_APP_ID, JITSI_DOMAIN } from './support/global-setup.ts';

/**
 * The citizen's pages (issue 18) against the real program: bookings go through the real API and
 * PostgreSQL, mails through real SMTP to the sink, and the only thing stood in for is the Jitsi
 * deployment's external_api.js (there is no Jitsi here). Each run makes two agencies of its own
 * (with the admin CLI, as an operator would), so the investigators' hours are the spec's alone.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ZONE = 'Asia/Seoul';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

// A fake camera and microphone, granted without asking, for the device check.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

interface Setup {
  u: string;
  agencyA: { code: string; name: string };
  agencyB: { code: string; name: string };
  logins: { a: string; b: string; join: string };
  topics: { a: string; b: string; join: string; name: string };
  days: { main: string; keyboard: string; closed: string; full: string; race: string; errors: string };
}

let setup: Setup;

/** The admin CLI of the build under test, on the test server's database. */
async function adminCli(args: string[]): Promise<string> {
  const build = path.join(root, process.env.IEUM_BUILD_DIR ?? 'dist');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('IEUM_WEB_') && !key.startsWith('PLAYWRIGHT') && !key.startsWith('PW_'))
      env[key] = value;
  env.DATABASE_URL = process.env.IEUM_WEB_DATABASE_URL ?? '';
  env.LOG_LEVEL = 'error';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(build, 'src/cli.js'), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`admin ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

async function isHoliday(day: DateTime): Promise<boolean> {
  try {
    return Boolean((await getHolidayPreset(String(day.year)))[day.toISODate() as `${number}-${number}-${number}`]);
  } catch {
    return true; // a year the almanac does not know is closed on the server too
  }
}

/** `count` working days (not public holidays) in Seoul from `fromOffset` days after today on. */
async function workingDays(fromOffset: number, count: number): Promise<string[]> {
  const out: string[] = [];
  let day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: fromOffset });
  while (out.length < count) {
    if (!(await isHoliday(day))) out.push(day.toISODate() ?? '');
    day = day.plus({ days: 1 });
  }
  return out;
}

/** The instant of a Seoul wall-clock time, as the API writes it. */
const at = (day: string, time: string) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toUTC().toISO() ?? '';
/** "12월 7일", how the day radios begin. */
const dayLabel = (day: string) => `${Number(day.slice(5, 7))}월 ${Number(day.slice(8, 10))}일`;
const allWeek = (start: string, end: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  const u = unique();
  const agencyA = { code: `CZA${u}`, name: `시민상담청 ${u}` };
  const agencyB = { code: `CZB${u}`, name: `이웃민원원 ${u}` };
  const logins = { a: `cz-a-${u}`, b: `cz-b-${u}`, join: `cz-j-${u}` };
  await Promise.all(
    [agencyA, agencyB].map((a) =>
      adminCli(['agency', 'create', '--code', a.code, '--name', a.name, '--kind', 'central_ministry']),
    ),
  );
  const person = (login: string, name: string, agency: string, roles: string) =>
    adminCli([
      'user',
      'create',
      '--login',
      login,
      '--name',
      name,
      '--agency',
      agency,
      '--roles',
      roles,
      '--password',
      demoPassword(),
    ]);
  await Promise.all([
    person(logins.a, '김조사', agencyA.code, 'complaint_investigator;agency_admin'),
    person(logins.b, '박조사', agencyB.code, 'complaint_investigator;agency_admin'),
    person(logins.join, '최조사', agencyA.code, 'complaint_investigator'),
  ]);

  const request = await playwright.request.newContext();
  const a = await apiAs(request, logins.a);
  const b = await apiAs(request, logins.b);
  const name = `영상상담 ${u}`;
  const topics = {
    name,
    a: (await a.post<{ id: string }>('/consultations/topics', { name, nameEn: `Video desk ${u}` })).id,
    b: (await b.post<{ id: string }>('/consultations/topics', { name, nameEn: `Video desk ${u}` })).id,
    join: (await a.post<{ id: string }>('/consultations/topics', { name: `입장 시험 ${u}`, nameEn: `Joining ${u}` }))
      .id,
  };
  // Every day of the week, 09:00–18:00 Seoul, 30-minute slots: slots exist whatever today is.
  const hours = {
    timeZone: ZONE,
    slotMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    horizonDays: 60,
    minNoticeMinutes: 60,
    weeklyRules: allWeek('09:00', '18:00'),
  };
  await a.put('/consultations/schedule', { ...hours, topicIds: [topics.a] });
  await b.put('/consultations/schedule', { ...hours, topicIds: [topics.b] });
  const [main, keyboard, closed, full, race, errors] = await workingDays(3, 6);
  const days = { main, keyboard, closed, full, race, errors };
  // A closure of agency A, and a day with a single slot (the rest of it off).
  await a.post('/consultations/closures', { day: days.closed, reason: `청사 점검 ${u}` });
  await a.post('/consultations/schedule/exceptions', { day: days.full, kind: 'off', start: '09:00', end: '17:30' });
  await request.dispose();
  setup = { u, agencyA, agencyB, logins, topics, days };
});

/** Every public page: axe (any impact), both screenshots, no sideways scroll at 200 % and 400 % zoom, touch targets. */
async function checkPage(page: Page, name: string): Promise<void> {
  await expectAccessible(page, { all: true });
  const original = page.viewportSize() ?? DESKTOP;
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await screenshot(page, name);
  }
  // 200 % zoom of a 1280-pixel window leaves 640 CSS pixels; 400 % leaves 320 (WCAG 1.4.10).
  for (const width of [640, 320]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${name}: sideways scroll at ${width} CSS px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(PHONE);
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button, input:not([type=radio]):not([type=checkbox]), select, textarea, label:has(> input)',
      ),
    ]
      .filter(
        (el) =>
          el.getClientRects().length > 0 &&
          el.getBoundingClientRect().bottom > 0 &&
          getComputedStyle(el).visibility !== 'hidden',
      )
      .map((el) => ({
        el: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`,
        w: el.getBoundingClientRect().width,
        h: el.getBoundingClientRect().height,
      }))
      .filter((t) => t.w < 44 || t.h < 44),
  );
  expect(small, `${name}: touch targets under 44 px`).toEqual([]);
  await page.setViewportSize(original);
}

/** Requests the page makes, to check where they go and what they carry. */
function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  return seen;
}

function expectOnlyOurOrigin(requests: Request[], allowed: string[] = []): void {
  const origin = new URL(baseURL()).origin;
  const foreign = requests
    .map((r) => r.url())
    .filter(
      (url) =>
        !url.startsWith('data:') &&
        !url.startsWith('blob:') &&
        new URL(url).origin !== origin &&
        !allowed.some((a) => url.startsWith(a)),
    );
  expect(foreign).toEqual([]);
}

async function chooseDay(page: Page, day: string): Promise<void> {
  const radio = page.getByRole('radio', { name: new RegExp(`^${dayLabel(day)} `) });
  // The days are there once the first of them is (two weeks at a time).
  await expect(page.getByRole('group', { name: '날짜' }).getByRole('radio').first()).toBeVisible();
  if (!(await radio.isVisible())) await page.getByRole('button', { name: '다음 2주 보기' }).click();
  await radio.check();
}

/** From the start page of an agency's link to the details form, with the mouse (or a finger). */
async function chooseSlot(page: Page, day: string, time: string, agency = setup.agencyA.code): Promise<void> {
  await page.goto(`/consult?agency=${agency}`);
  await page.getByRole('link', { name: '예약 시작하기' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '상담 시간 고르기' })).toBeVisible();
  await page.getByRole('radio', { name: new RegExp(setup.topics.name) }).check();
  await chooseDay(page, day);
  await page.getByRole('radio', { name: new RegExp(`^${time}`) }).check();
  await page.getByRole('button', { name: '다음: 신청 정보 입력' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '신청 정보 입력' })).toBeVisible();
}

async function fillDetails(
  page: Page,
  who: { name: string; email: string; summary: string; phone?: string },
): Promise<void> {
  await page.getByLabel('이름', { exact: true }).fill(who.name);
  await page.getByLabel('이메일 주소').fill(who.email);
  if (who.phone) await page.getByLabel('전화번호 (선택)').fill(who.phone);
  await page.getByLabel('상담하실 내용').fill(who.summary);
}

const linkIn = (text: string, kind: 'confirm' | 'manage') =>
  new RegExp(`/consult/${kind}/([A-Za-z0-9_-]{20,})`).exec(text)?.[1] ?? '';

/** A booking made through the API as a citizen's browser would, confirmed from its mail: the manage token. */
async function bookAndConfirm(
  request: APIRequestContext,
  input: { topicId: string; startsAt: string; email: string; name?: string; summary?: string },
): Promise<string> {
  const booked = await request.post(`${baseURL()}/public/consultations`, {
    data: {
      name: input.name ?? '홍길동',
      summary: input.summary ?? '주차 과태료 이의',
      privacyAccepted: true,
      ...input,
    },
  });
  expect(booked.status(), await booked.text()).toBe(202);
  const mail = await waitForMail(input.email, (m) => m.subject.includes('확인 요청'));
  const confirmed = await request.post(`${baseURL()}/public/consultations/confirm/${linkIn(mail.text, 'confirm')}`);
  expect(confirmed.status()).toBe(200);
  return ((await confirmed.json()) as { manageToken: string }).manageToken;
}

async function staffView(
  request: APIRequestContext,
  login: string,
  email: string,
  day: string,
): Promise<{ id: string; status: string; startsAt: string } | undefined> {
  const staff = await apiAs(request, login);
  const list = await staff.get<
    Array<{ id: string; status: string; startsAt: string; citizen: { email: string | null } }>
  >(`/consultations?from=${encodeURIComponent(at(day, '00:00'))}&days=3`);
  return list.find((c) => c.citizen.email === email);
}

async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (
      await target
        .evaluate((el) => el === document.activeElement || el.contains(document.activeElement))
        .catch(() => false)
    )
      return;
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Arrow keys through a radio group (which select as they move) until `target` is checked. */
async function arrowTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await target.isChecked()) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the arrows never reached ${String(target)}`);
}

test.describe('the citizen pages', () => {
  test('their JavaScript stays under 120 kB gzip, none of it staff code, and nothing is asked of a third party', async ({
    page,
  }) => {
    const bundle = publicBundle(path.join(root, process.env.IEUM_BUILD_DIR ?? 'dist', 'web'));
    const first = bundle.first.reduce((sum, c) => sum + c.gzip, 0);
    const later = bundle.later.reduce((sum, c) => sum + c.gzip, 0);
    expect(first + later, JSON.stringify(bundle, null, 1)).toBeLessThanOrEqual(PUBLIC_BUDGET_BYTES);
    expect(
      bundle.first
        .map((c) => c.key)
        .filter((key) => /features\/(?!citizen)|app\/|api\/(socket|session|http)/.test(key)),
    ).toEqual([]);

    // What the browser really fetches for the start page and the booking steps.
    const requests = recordRequests(page);
    const scripts: Array<{ url: string; body: Buffer }> = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script')
        void response.body().then((body) => scripts.push({ url: response.url(), body }));
    });
    await chooseSlot(page, setup.days.errors, '오후 5:00');
    await expect.poll(() => scripts.length).toBeGreaterThan(2);
    const names = scripts.map((s) => new URL(s.url).pathname);
    expect(
      names.filter((n) =>
        /\/(staff|socket|messenger|tasks|memos|wall|meetings|stats|admin|consultations|GuestJoin)-/.test(n),
      ),
    ).toEqual([]);
    const gzipped = scripts.reduce((sum, s) => sum + gzipSync(s.body, { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(PUBLIC_BUDGET_BYTES);
    expectOnlyOurOrigin(requests);
    expect(requests.filter((r) => r.headers()['referer'])).toEqual([]);
  });

  test('on a phone a citizen books, confirms from the mail, adds the .ics, moves and cancels; the investigator sees each change', async ({
    page,
    request,
    browser,
  }) => {
    await page.setViewportSize(PHONE);
    const requests = recordRequests(page);
    const { days, agencyA, logins } = setup;
    const email = `citizen-${setup.u}-phone@example.org`;

    await page.goto(`/consult?agency=${agencyA.code}`);
    await expect(page.getByRole('heading', { level: 1, name: `${agencyA.name} 영상 민원상담 예약` })).toBeVisible();
    await expect(page.getByText('상담 시작 5분 전부터')).toBeVisible();
    await checkPage(page, 'citizen-start');
    await page.getByRole('link', { name: '예약 시작하기' }).click();
    await page.getByRole('radio', { name: new RegExp(setup.topics.name) }).check();
    await chooseDay(page, days.main);
    await page.getByRole('radio', { name: /^오전 10:00/ }).check();
    await checkPage(page, 'citizen-choose');
    await page.getByRole('button', { name: '다음: 신청 정보 입력' }).click();

    await expect(page.getByRole('heading', { level: 1, name: '신청 정보 입력' })).toBeVisible();
    await expect(page.getByText('상담 예정 시각이 지난 날부터 365일 동안 보관')).toBeVisible();
    await fillDetails(page, {
      name: '이민원',
      email,
      phone: '010-1234-5678',
      summary: '도로 파손 민원 처리 결과에 이의가 있습니다.',
    });
    // Nothing is sent before consent: the error is on the checkbox, read out with it.
    const posts = () => requests.filter((r) => r.method() === 'POST').length;
    await page.getByRole('button', { name: '예약 신청하기' }).click();
    const consent = page.getByRole('checkbox', { name: /개인정보 수집·이용에 동의합니다/ });
    await expect(consent).toHaveAttribute('aria-invalid', 'true');
    await expect(consent).toHaveAccessibleDescription('예약하려면 개인정보 수집·이용에 동의해야 합니다.');
    await expect(consent).toBeFocused();
    await expect(page.getByRole('alert').filter({ hasText: '동의해야 합니다' })).toBeVisible();
    expect(posts()).toBe(0);
    await checkPage(page, 'citizen-details-consent-missing');
    await consent.check();
    await page.getByRole('button', { name: '예약 신청하기' }).click();

    await expect(page.getByRole('heading', { level: 1, name: '이메일을 확인해 주세요' })).toBeVisible();
    await expect(page.getByText(`${email}(으)로 예약 확인 링크를 보냈습니다.`)).toBeVisible();
    await checkPage(page, 'citizen-sent');

    const request1 = await waitForMail(email, (m) => m.subject.includes('확인 요청'));
    await page.goto(`/consult/confirm/${linkIn(request1.text, 'confirm')}`);
    await expect(page.getByRole('heading', { level: 1, name: '예약이 확정되었습니다' })).toBeVisible();
    await expect(page.getByText(/오전 10:00–오전 10:30/)).toBeVisible();
    await expect(page.getByText(agencyA.name)).toBeVisible();
    await checkPage(page, 'citizen-confirmed');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '내 캘린더에 추가 (.ics 파일)' }).click(),
    ]);
    const ics = await readFile((await download.path()) ?? '', 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`DTSTART;TZID=Asia/Seoul:${days.main.replaceAll('-', '')}T100000`);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    await expect.poll(async () => (await staffView(request, logins.a, email, days.main))?.status).toBe('confirmed');
    expect((await staffView(request, logins.a, email, days.main))?.startsAt).toBe(at(days.main, '10:00'));
    // The investigator's own screen (the staff client's booking page) shows the same.
    const investigator = await personPage(browser, logins.a);
    const booking = `/consultations/${(await staffView(request, logins.a, email, days.main))?.id ?? ''}`;
    const staffSees = async (time: RegExp, status: string) => {
      await investigator.page.goto(booking);
      await expect(investigator.page.getByRole('heading', { level: 1, name: time })).toBeVisible();
      await expect(investigator.page.getByText(status, { exact: true }).first()).toBeVisible();
    };
    await staffSees(/이민원 · .*오전 10:00/, '확정');

    const confirmedMail = await waitForMail(email, (m) => m.subject.includes('예약 확정'));
    const token = linkIn(confirmedMail.text, 'manage');
    await page.getByRole('link', { name: '예약 관리 페이지 열기' }).click();
    await expect(page).toHaveURL(new RegExp(`/consult/manage/${token}$`));
    await expect(page.getByRole('heading', { level: 1, name: '내 상담 예약' })).toBeVisible();
    await expect(page.getByText('도로 파손 민원 처리 결과에 이의가 있습니다.')).toBeVisible();
    await expect(page.getByRole('button', { name: '상담실 입장' })).toBeDisabled();
    expect(await page.title()).not.toContain(token);
    await checkPage(page, 'citizen-manage');

    await page.getByRole('link', { name: '다른 시간으로 옮기기' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '상담 시간 옮기기' })).toBeVisible();
    await chooseDay(page, days.main);
    await page.getByRole('radio', { name: /^오후 2:00/ }).check();
    await checkPage(page, 'citizen-move');
    await page.getByRole('button', { name: '이 시간으로 옮기기' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '내 상담 예약' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /오후 2:00–오후 2:30\(으\)로 옮겼습니다/ })).toBeVisible();
    await expect
      .poll(async () => (await staffView(request, logins.a, email, days.main))?.startsAt)
      .toBe(at(days.main, '14:00'));
    await staffSees(/이민원 · .*오후 2:00/, '확정');
    await waitForMail(email, (m) => m.subject.includes('일정 변경'));

    await page.getByRole('button', { name: '예약 취소하기' }).click();
    await expect(page.getByRole('heading', { name: '예약을 취소할까요?' })).toBeFocused();
    await checkPage(page, 'citizen-cancel-ask');
    await page.getByRole('button', { name: '아니요, 그대로 둡니다' }).click();
    expect((await staffView(request, logins.a, email, days.main))?.status).toBe('confirmed');
    await page.getByRole('button', { name: '예약 취소하기' }).click();
    await page.getByRole('button', { name: '예, 취소합니다' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '취소된 상담입니다' })).toBeVisible();
    await expect(page.getByText('예약을 취소했습니다.')).toBeVisible();
    await checkPage(page, 'citizen-cancelled');
    await expect.poll(async () => (await staffView(request, logins.a, email, days.main))?.status).toBe('cancelled');
    await staffSees(/이민원 · .*오후 2:00/, '취소');
    await investigator.context.close();
    await waitForMail(email, (m) => m.subject.includes('취소'));

    // The link still opens, and says what became of the booking.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '취소된 상담입니다' })).toBeVisible();
    expectOnlyOurOrigin(requests);
    expect(requests.filter((r) => r.headers()['referer']).map((r) => r.url())).toEqual([]);
  });

  test('two citizens race for one slot: one gets it, the other is offered the nearest free times and books one', async ({
    browser,
  }) => {
    const open = async (n: number): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await browser.newContext({
        baseURL: baseURL(),
        locale: 'ko-KR',
        timezoneId: ZONE,
        viewport: n === 1 ? PHONE : DESKTOP,
      });
      const page = await context.newPage();
      await chooseSlot(page, setup.days.race, '오전 11:00');
      await fillDetails(page, {
        name: `경쟁${n}`,
        email: `race-${setup.u}-${n}@example.org`,
        summary: `같은 시간에 신청합니다 ${n}`,
      });
      await page.getByRole('checkbox', { name: /동의합니다/ }).check();
      return { context, page };
    };
    const [one, two] = await Promise.all([open(1), open(2)]);
    await Promise.all([
      one.page.getByRole('button', { name: '예약 신청하기' }).click(),
      two.page.getByRole('button', { name: '예약 신청하기' }).click(),
    ]);
    const outcome = /이메일을 확인해 주세요|방금 다른 분이 예약한 시간입니다/;
    await Promise.all(
      [one, two].map(({ page }) => expect(page.getByRole('heading', { level: 1, name: outcome })).toBeVisible()),
    );
    const won = (await one.page.getByRole('heading', { level: 1, name: '이메일을 확인해 주세요' }).isVisible())
      ? one
      : two;
    const lost = won === one ? two : one;
    await expect(won.page.getByRole('heading', { level: 1, name: '이메일을 확인해 주세요' })).toBeVisible();
    await expect(lost.page.getByRole('heading', { level: 1, name: '방금 다른 분이 예약한 시간입니다' })).toBeVisible();
    await expect(lost.page.getByText('입력하신 내용은 그대로 남아 있습니다.')).toBeVisible();
    const offers = lost.page.getByRole('button', { name: /으로 신청하기$/ });
    await expect(offers.first()).toBeVisible();
    // The nearest: the slots just before and after 11:00 that day.
    await expect(offers.filter({ hasText: /오전 10:30–오전 11:00|오전 11:30–오후 12:00/ })).toHaveCount(2);
    await checkPage(lost.page, 'citizen-slot-taken');
    await offers.filter({ hasText: /오전 11:30–오후 12:00/ }).click();
    await expect(lost.page.getByRole('heading', { level: 1, name: '신청 정보 입력' })).toBeVisible();
    await expect(lost.page.getByText(/오전 11:30–오후 12:00/)).toBeVisible();
    await expect(lost.page.getByLabel('상담하실 내용')).toHaveValue(/같은 시간에 신청합니다/);
    await lost.page.getByRole('button', { name: '예약 신청하기' }).click();
    await expect(lost.page.getByRole('heading', { level: 1, name: '이메일을 확인해 주세요' })).toBeVisible();
    const loser = lost === one ? 1 : 2;
    await waitForMail(`race-${setup.u}-${loser}@example.org`, (m) => m.subject.includes('확인 요청'));
    await Promise.all([one.context.close(), two.context.close()]);
  });

  test('choosing: every agency taking a topic is offered, closed days are shown as closed, and a full day offers the next free time', async ({
    page,
    request,
  }) => {
    const { days, topics } = setup;
    // Someone holds the single slot of the full day.
    const filler = await request.post(`${baseURL()}/public/consultations`, {
      data: {
        topicId: topics.a,
        startsAt: at(days.full, '17:30'),
        name: '선점',
        email: `full-${setup.u}@example.org`,
        summary: '하루에 하나뿐인 시간',
        privacyAccepted: true,
      },
    });
    expect(filler.status(), await filler.text()).toBe(202);

    await page.goto('/consult?agency=NO-SUCH-AGENCY');
    await page.getByRole('link', { name: '예약 시작하기' }).click();
    await expect(page.getByText('링크에 적힌 기관을 찾을 수 없습니다.')).toBeVisible();
    await page.getByRole('radio', { name: new RegExp(topics.name) }).check();
    const agencies = page.getByRole('group', { name: '상담 기관' });
    await expect(agencies.getByRole('radio')).toHaveCount(2);
    await agencies.getByRole('radio', { name: setup.agencyA.name }).check();
    await chooseDay(page, days.main);
    const closed = page.getByRole('radio', {
      name: new RegExp(`^${dayLabel(days.closed)} .*휴무: 청사 점검 ${setup.u}`),
    });
    await expect(closed).toBeDisabled();
    const full = page.getByRole('radio', { name: new RegExp(`^${dayLabel(days.full)} .*예약 마감`) });
    await full.check();
    await expect(page.getByText(/예약이 모두 찼습니다\./)).toBeVisible();
    await expect(page.getByText('가장 가까운 빈 시간은')).toBeVisible();
    await checkPage(page, 'citizen-choose-full-day');
    await page.getByRole('button', { name: '이 시간 고르기' }).click();
    const nextDay = (await workingDays(0, 60)).find((d) => d > days.full && d !== days.closed) ?? '';
    await expect(page.getByRole('radio', { name: new RegExp(`^${dayLabel(nextDay)} `) })).toBeChecked();
    await expect(page.getByRole('radio', { name: /^오전 9:00/ })).toBeChecked();

    // The other agency's times are its own investigator's.
    await page.getByRole('group', { name: '상담 기관' }).getByRole('radio', { name: setup.agencyB.name }).check();
    await chooseDay(page, days.closed);
    await expect(page.getByRole('radio', { name: /^오전 9:00/ })).toBeVisible();

    // English, from the same switch the staff screens have.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a time' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await checkPage(page, 'citizen-choose-en');
    await page.getByRole('button', { name: /한국어/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '상담 시간 고르기' })).toBeVisible();
  });

  test('by keyboard alone a citizen books from the agency link to the mail; form errors are tied to their fields', async ({
    page,
  }) => {
    const email = `keys-${setup.u}@example.org`;
    await page.goto(`/consult?agency=${setup.agencyA.code}`);
    await tabTo(page, page.getByRole('link', { name: '예약 시작하기' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: '상담 시간 고르기' })).toBeFocused();
    const topic = page.getByRole('radio', { name: new RegExp(setup.topics.name) });
    await tabTo(page, page.getByRole('group', { name: '상담 분야' }));
    await page.keyboard.press('Space');
    await arrowTo(page, topic);
    const day = page.getByRole('radio', { name: new RegExp(`^${dayLabel(setup.days.keyboard)} `) });
    await expect(day).toBeVisible();
    await tabTo(page, page.getByRole('group', { name: '날짜' }));
    await page.keyboard.press('Space');
    await arrowTo(page, day);
    const time = page.getByRole('radio', { name: /^오후 3:00/ });
    await expect(time).toBeVisible();
    await tabTo(page, page.getByRole('group', { name: /^시간/ }));
    await page.keyboard.press('Space');
    await arrowTo(page, time);
    await tabTo(page, page.getByRole('button', { name: '다음: 신청 정보 입력' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: '신청 정보 입력' })).toBeFocused();

    // Sent empty: each field says what is wrong, and the first one takes the focus.
    await tabTo(page, page.getByRole('button', { name: '예약 신청하기' }));
    await page.keyboard.press('Enter');
    const name = page.getByLabel('이름', { exact: true });
    await expect(name).toBeFocused();
    await expect(name).toHaveAccessibleDescription('이름을 적어 주세요. (100자까지)');
    await expect(page.getByLabel('이메일 주소')).toHaveAccessibleDescription(/example@domain.kr/);
    await expect(page.getByText('입력한 내용을 확인해 주세요. 고칠 곳이 4개 있습니다.')).toBeVisible();
    await checkPage(page, 'citizen-details-errors');

    await page.keyboard.type('한키보');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('02-123-4567');
    await page.keyboard.press('Tab');
    await page.keyboard.type('마우스 없이 예약합니다.');
    await tabTo(page, page.getByRole('checkbox', { name: /동의합니다/ }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: '예약 신청하기' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: '이메일을 확인해 주세요' })).toBeFocused();
    await waitForMail(email, (m) => m.subject.includes('확인 요청'));
  });

  test('a manage link changed by one character shows nothing of anyone; a cancelled booking and an expired hold say so plainly', async ({
    page,
    request,
  }) => {
    const { topics, days } = setup;
    const email = `owner-${setup.u}@example.org`;
    const token = await bookAndConfirm(request, {
      topicId: topics.a,
      startsAt: at(days.errors, '09:00'),
      email,
      name: '정비밀',
      summary: '비밀스러운 민원 내용',
    });
    await page.goto(`/consult/manage/${token}`);
    await expect(page.getByText('비밀스러운 민원 내용')).toBeVisible();

    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -1)}${last}`;
    for (const suffix of ['', '/move', '/join']) {
      await page.goto(`/consult/manage/${forged}${suffix}`);
      await expect(page.getByRole('heading', { level: 1, name: '열 수 없는 링크입니다' })).toBeVisible();
      const text = await page.locator('body').innerText();
      for (const secret of ['정비밀', email, '비밀스러운', setup.agencyA.name, '오전 9:00'])
        expect(text).not.toContain(secret);
    }
    expect(await page.title()).not.toContain(forged);
    await checkPage(page, 'citizen-link-invalid');
    await page.goto('/consult/confirm/not-a-real-confirmation-token-at-all');
    await expect(page.getByRole('heading', { level: 1, name: '열 수 없는 링크입니다' })).toBeVisible();

    // Cancelled elsewhere (by the agency, say): the link says so, and so does its join page.
    await request.post(`${baseURL()}/public/consultations/manage/${token}/cancel`);
    await page.goto(`/consult/manage/${token}`);
    await expect(page.getByRole('heading', { level: 1, name: '취소된 상담입니다' })).toBeVisible();
    await expect(page.getByText('비밀스러운 민원 내용')).toHaveCount(0);
    await page.goto(`/consult/manage/${token}/join`);
    await expect(page.getByRole('heading', { level: 1, name: '취소된 상담입니다' })).toBeVisible();

    // A hold not confirmed in time. The server keeps real time, so the hold's end is moved into the past.
    const late = `late-${setup.u}@example.org`;
    const held = await request.post(`${baseURL()}/public/consultations`, {
      data: {
        topicId: topics.a,
        startsAt: at(days.errors, '09:30'),
        name: '늦은',
        email: late,
        summary: '늦게 확인',
        privacyAccepted: true,
      },
    });
    expect(held.status()).toBe(202);
    const mail = await waitForMail(late, (m) => m.subject.includes('확인 요청'));
    const db = new pg.Client({ connectionString: process.env.IEUM_WEB_DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `UPDATE consultations SET hold_expires_at = now() - interval '1 minute' WHERE citizen_email = $1 AND status = 'pending'`,
        [late],
      );
    } finally {
      await db.end();
    }
    await page.goto(`/consult/confirm/${linkIn(mail.text, 'confirm')}`);
    await expect(page.getByRole('heading', { level: 1, name: '확정 시간이 지났습니다' })).toBeVisible();
    await checkPage(page, 'citizen-hold-expired');
    await page.getByRole('link', { name: '새로 예약하기' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '영상 민원상담 예약' })).toBeVisible();
  });

  test('too many requests: the sixth booking for one address in an hour is told when to try again', async ({
    page,
    request,
  }) => {
    const email = `busy-${setup.u}@example.org`;
    for (const time of ['12:00', '12:30', '13:00', '13:30', '14:00']) {
      const answer = await request.post(`${baseURL()}/public/consultations`, {
        data: {
          topicId: setup.topics.a,
          startsAt: at(setup.days.errors, time),
          name: '바쁜',
          email,
          summary: '여러 번 신청',
          privacyAccepted: true,
        },
      });
      expect(answer.status(), await answer.text()).toBe(202);
    }
    await chooseSlot(page, setup.days.errors, '오후 3:00');
    await fillDetails(page, { name: '바쁜', email, summary: '여섯 번째 신청' });
    await page.getByRole('checkbox', { name: /동의합니다/ }).check();
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/public/consultations') && r.request().method() === 'POST'),
      page.getByRole('button', { name: '예약 신청하기' }).click(),
    ]);
    expect(answer.status()).toBe(429);
    const seconds = Number(answer.headers()['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { level: 1, name: '요청이 너무 많습니다' })).toBeVisible();
    await expect(page.getByText(/(오전|오후) \d{1,2}:\d{2} 이후에 다시 시도해 주세요/)).toBeVisible();
    await checkPage(page, 'citizen-throttled');
  });

  test('the join button opens at the margin before the slot; the device check, then the lobby until the investigator lets the citizen in', async ({
    page,
    request,
    context,
  }) => {
    // The server checks the join window against real time, so this booking starts within the
    // 5-minute margin of now: a one-off window of the joining investigator, in a zone where it is
    // neither near midnight nor a Korean public holiday.
    const investigator = await apiAs(request, setup.logins.join);
    let booked: { startsAt: string; endsAt: string } | null = null;
    const email = `join-${setup.u}@example.org`;
    for (const zone of ['Asia/Seoul', 'UTC', 'America/Los_Angeles', 'Pacific/Auckland']) {
      const start = DateTime.now().setZone(zone).plus({ minutes: 2 }).startOf('minute').plus({ minutes: 1 });
      const end = start.plus({ minutes: 20 });
      if (end.day !== start.day || (await isHoliday(DateTime.fromISO(start.toISODate() ?? '', { zone: ZONE }))))
        continue;
      await investigator.put('/consultations/schedule', {
        timeZone: zone,
        slotMinutes: 15,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        horizonDays: 2,
        minNoticeMinutes: 0,
        weeklyRules: [],
        topicIds: [setup.topics.join],
      });
      await investigator.post('/consultations/schedule/exceptions', {
        day: start.toISODate(),
        kind: 'extra',
        start: start.toFormat('HH:mm'),
        end: end.toFormat('HH:mm'),
      });
      const startsAt = start.toUTC().toISO() ?? '';
      const free = await request.get(
        `${baseURL()}/public/consultations/slots?topicId=${setup.topics.join}&timeZone=${zone}&days=2`,
      );
      if (!((await free.json()) as Array<{ startsAt: string }>).some((s) => s.startsAt === startsAt)) continue;
      booked = { startsAt, endsAt: start.plus({ minutes: 15 }).toUTC().toISO() ?? '' };
      break;
    }
    expect(booked, 'a slot within the join margin of now').not.toBeNull();
    const slot = booked!;
    const token = await bookAndConfirm(request, {
      topicId: setup.topics.join,
      startsAt: slot.startsAt,
      email,
      name: '입장민원',
    });

    // Stands in for the deployment's external_api.js: records what the page asks of it.
    await context.grantPermissions(['camera', 'microphone'], { origin: baseURL() });
    await context.route(`https://${JITSI_DOMAIN}/**`, (route) =>
      route.request().url() === `https://${JITSI_DOMAIN}/external_api.js`
        ? route.fulfill({
            contentType: 'application/javascript',
            body: `window.__jitsi = { instances: [] };
              window.JitsiMeetExternalAPI = function (domain, options) {
                var listeners = {}; var frame = document.createElement('iframe'); options.parentNode.appendChild(frame);
                var api = { domain: domain, options: { roomName: options.roomName, jwt: options.jwt, userInfo: options.userInfo, configOverwrite: options.configOverwrite },
                  commands: [], on: function (e, f) { (listeners[e] = listeners[e] || []).push(f); },
                  emit: function (e, d) { (listeners[e] || []).forEach(function (f) { f(d || {}); }); },
                  getIFrame: function () { return frame; }, executeCommand: function (c) { api.commands.push(c); }, dispose: function () { frame.remove(); } };
                window.__jitsi.instances.push(api); return api; };`,
          })
        : route.abort(),
    );
    const requests = recordRequests(page);

    // Before the margin (by the browser's clock) the button is there but inactive, and says when.
    const opens = Date.parse(slot.startsAt) - 5 * 60_000;
    await page.clock.install({ time: new Date(opens - 15 * 60_000) });
    await page.goto(`/consult/manage/${token}`);
    const inactive = page.getByRole('button', { name: '상담실 입장' });
    await expect(inactive).toBeDisabled();
    await expect(inactive).toHaveAccessibleDescription(/상담 시작 5분 전\(.+\)부터 들어갈 수 있습니다\./);
    await page.clock.fastForward('16:00');
    const active = page.getByRole('link', { name: '상담실 입장' });
    await expect(active).toBeVisible();
    await checkPage(page, 'citizen-manage-join-open');
    await active.click();

    await expect(page.getByRole('heading', { level: 1, name: '상담실 입장' })).toBeVisible();
    await page.getByRole('button', { name: '카메라와 마이크 켜기' }).click();
    await expect(page.getByText('내 카메라 화면')).toBeVisible();
    await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
    await expect(page.getByLabel('마이크 소리 크기')).toBeVisible();
    await page.getByRole('button', { name: '스피커 소리 듣기' }).click();
    await expect(page.getByText(/소리를 내는 중입니다|소리가 들렸나요/)).toBeVisible();
    await checkPage(page, 'citizen-device-check');

    await page.getByRole('button', { name: '상담실 들어가기' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: '대기실에서 기다리는 중입니다. 조사관이 입장을 허락하면 상담이 시작됩니다.' }),
    ).toBeVisible();
    await expect(page.locator('iframe[title="영상 민원상담 영상회의 화면"]')).toBeAttached();
    const options = await page.evaluate(
      () =>
        (
          window as unknown as {
            __jitsi: {
              instances: Array<{
                domain: string;
                options: { roomName: string; jwt: string; configOverwrite: { prejoinPageEnabled: boolean } };
              }>;
            };
          }
        ).__jitsi.instances[0],
    );
    expect(options?.domain).toBe(JITSI_DOMAIN);
    expect(options?.options.configOverwrite.prejoinPageEnabled).toBe(false);
    const { payload } = await jwtVerify(
      options?.options.jwt ?? '',
      new TextEncoder().encode(process.env.IEUM_WEB_JITSI_SECRET),
      { algorithms: ['HS256'], audience: JITSI_APP_ID, issuer: JITSI_APP_ID, subject: JITSI_DOMAIN },
    );
    const claims = payload as typeof payload & {
      room: string;
      moderator: boolean;
      context: { user: { moderator: boolean; lobby?: boolean } };
    };
    expect(claims.room).toBe(options?.options.roomName);
    expect(claims.moderator).toBe(false);
    expect(claims.context.user.moderator).toBe(false);
    expect(claims.context.user.lobby).toBe(true);
    expect((claims.exp ?? 0) * 1000).toBe(Date.parse(slot.endsAt) + 5 * 60_000);
    expect((claims.nbf ?? 0) * 1000).toBe(opens);
    await checkPage(page, 'citizen-lobby');

    // The investigator lets the citizen in (Jitsi reports the join to the page).
    await page.evaluate(() =>
      (
        window as unknown as { __jitsi: { instances: Array<{ emit: (e: string) => void }> } }
      ).__jitsi.instances[0]?.emit('videoConferenceJoined'),
    );
    await expect(page.getByRole('status').filter({ hasText: '상담이 시작되었습니다.' })).toBeVisible();
    expectOnlyOurOrigin(requests, [`https://${JITSI_DOMAIN}/external_api.js`]);

    // Opened too early or too late (by the browser's clock), the join page says so.
    const early = await context.newPage();
    await early.clock.install({ time: new Date(opens - 60 * 60_000) });
    await early.goto(`/consult/manage/${token}/join`);
    await expect(early.getByRole('heading', { level: 1, name: '아직 상담실이 열리지 않았습니다' })).toBeVisible();
    await checkPage(early, 'citizen-join-not-yet');
    const late = await context.newPage();
    await late.clock.install({ time: new Date(Date.parse(slot.endsAt) + 6 * 60_000) });
    await late.goto(`/consult/manage/${token}/join`);
    await expect(late.getByRole('heading', { level: 1, name: '상담실이 닫혔습니다' })).toBeVisible();
    await checkPage(late, 'citizen-join-closed');
  });
});
