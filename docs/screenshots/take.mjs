// Retakes the README's screenshots from a running demo (`npm start`), in Debian's Chromium:
//   node docs/screenshots/take.mjs http://localhost:3000 <demo password>
// It writes into that demo first, as its people would: a short exchange in the TF room, and the
// 2014 meeting records of the seed's press release (imported as an administrator would).
import { chromium } from 'playwright-core';

const [base = 'http://localhost:3000', password] = process.argv.slice(2);
if (!password) throw new Error('usage: node docs/screenshots/take.mjs <url> <demo password>');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const out = new URL('.', import.meta.url).pathname;

async function as(login, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ baseURL: base, locale: 'ko-KR', timezoneId: 'Asia/Seoul', viewport });
  const page = await context.newPage();
  if (login) {
    await page.goto('/login');
    await page.getByLabel('아이디').fill(login);
    await page.getByLabel('비밀번호').fill(password);
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await page.waitForURL(/\/rooms/);
  }
  return page;
}

async function api(login, method, path, body) {
  const session = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  const { accessToken } = await session.json();
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const HELD_2014 = [926, 899, 1318, 1115, 1886, 1591, 1969, 1578, 2073, 2934, 5729, 5616];
const records = HELD_2014.flatMap((count, m) => {
  const first = Date.UTC(2014, m, 1) - 9 * 3_600_000;
  const next = Date.UTC(2014, m + 1, 1) - 9 * 3_600_000;
  return Array.from({ length: count }, (_, i) => {
    const start = first + Math.floor((i / count) * (next - first - 3_600_000));
    const agencyCode = ['1741000', '1140100', 'B552922', '6110000'][i % 4];
    return { externalId: `press-2014-${m + 1}-${i}`, title: `영상회의 ${i}`, kind: i % 10 === 0 ? 'advisory_committee' : 'meeting', agencyCode, startedAt: new Date(start).toISOString(), endedAt: new Date(start + 45 * 60_000).toISOString(), participants: 4 };
  });
});
for (let i = 0; i < records.length; i += 5000) await api('admin', 'POST', '/meetings/records', { records: records.slice(i, i + 5000) });
const rooms = await api('kim.mois', 'GET', '/rooms');
const tf = (Array.isArray(rooms) ? rooms : rooms.items).find((r) => r.name?.includes('TF'));
for (const [login, body] of [
  ['kim.mois', '내일 회의 전에 시군구별 협업과제 현황을 모아 주실 수 있을까요?'],
  ['choi.seoul', '네, 서울시 자료는 오늘 중으로 올리겠습니다. @김행안'],
  ['park.klid', '정보개발원 쪽 보안 점검 결과도 같이 공유드립니다. https://www.klid.or.kr'],
  ['kim.mois', '/task "시군구 협업과제 현황 취합" @choi.seoul due:금요일'],
]) await api(login, 'POST', `/rooms/${tf.id}/messages`, { body, clientMessageId: crypto.randomUUID() });
await new Promise((r) => setTimeout(r, 3000)); // the task bot answers from the queue

async function shot(page, name) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${out}${name}.png` });
}

const kim = await as('kim.mois');
await kim.goto('/login');
await kim.waitForURL(/\/rooms/);
const collaboration = kim.locator('.messenger').getByRole('link').filter({ hasText: /TF|협업/ }).first();
await collaboration.click();
await kim.getByRole('log').waitFor();
await shot(kim, 'messenger');
await kim.goto('/tasks/board');
await shot(kim, 'tasks');
await kim.goto('/memos');
await shot(kim, 'memos');
await kim.goto('/meetings/calendar');
await shot(kim, 'meetings');

const admin = await as('admin');
await admin.goto('/stats');
await admin.getByLabel('연도').selectOption('2014');
await admin.getByText('27,634').first().waitFor();
await shot(admin, 'stats');

const citizen = await as(null, { width: 375, height: 812 });
await citizen.goto('/consult');
await shot(citizen, 'citizen');
const signIn = await as(null);
await signIn.goto('/login');
await shot(signIn, 'sign-in');
await browser.close();
