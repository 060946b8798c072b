import ICAL from 'ical.js';
import { readFile } from 'node:fs/promises';
import {
  apiAs,
  DEMO,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
  unique,
  waitForMail,
} from './support/fixtures.ts';

/** A weekday noon eight days or more from now, on the whole hour: far enough that no reminder fires, not tied to today. */
function nextWeekAt(hourUtc: number): Date {
  const day = new Date(Date.now() + 8 * 86_400_000);
  day.setUTCHours(hourUtc, 0, 0, 0);
  while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

test.describe('the demo mailbox', () => {
  test('a meeting invitation to an outside guest is in /admin/mailbox with its subject and recipient, its .ics downloads, and its link opens', async ({
    page,
    request,
  }) => {
    const title = `메일함 확인 회의 ${unique()}`;
    const guest = `guest-${unique()}@committee.example`;
    const kim = await apiAs(request, DEMO.kim);
    await kim.post('/meetings', {
      title,
      startsAt: nextWeekAt(3).toISOString(),
      durationMinutes: 60,
      timeZone: 'Asia/Seoul',
      guests: [{ email: guest, name: '외부 위원' }],
    });
    // The same mail really went out by SMTP, too.
    const sent = await waitForMail(guest, (m) => m.subject.includes(title));

    await signIn(page, DEMO.admin);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('link', { name: '발송 메일함' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '발송 메일함' })).toBeVisible();
    await page.getByRole('searchbox', { name: '받는 사람이나 제목으로 찾기' }).fill(guest);
    await page.getByRole('button', { name: '검색' }).click();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row.getByRole('cell', { name: guest })).toBeVisible();
    await expect(row).toContainText('invite.ics');
    await expect(page.getByRole('table', { name: '보관한 메일' }).getByRole('row')).toHaveCount(2);
    await expectAccessible(page);
    await screenshot(page, 'admin-mailbox');

    await row.getByRole('link', { name: sent.subject }).click();
    await expect(page).toHaveURL(/\/admin\/mailbox\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: sent.subject })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: guest })).toBeVisible();
    const body = page.getByRole('region', { name: '본문 (텍스트)' });
    await expect(body).toContainText(title);
    await page.getByText('그 밖의 머리글').click();
    const messageId = sent.headers['message-id'] ?? '';
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@[^>]+>$/);
    await expect(page.getByRole('definition').filter({ hasText: messageId })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'admin-mailbox-mail');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: /^invite\.ics 내려받기/ }).click();
    const ics = await downloading;
    expect(ics.suggestedFilename()).toBe('invite.ics');
    const calendar = new ICAL.Component(ICAL.parse(await readFile(await ics.path(), 'utf8')) as unknown[]);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent');
    expect(event?.getFirstPropertyValue('summary')).toBe(title);
    // 03:00 UTC is noon in Seoul, the meeting's zone.
    const start = event?.getFirstProperty('dtstart');
    expect(start?.getParameter('tzid')).toBe('Asia/Seoul');
    expect(String(start?.getFirstValue())).toBe(
      new Date(nextWeekAt(3).getTime() + 9 * 3_600_000).toISOString().slice(0, 19),
    );

    // Every link Ieum mails can be followed: the guest's personal link opens its page.
    // The invitation says it in Korean and in English: the link is in both.
    const link = body.getByRole('link', { name: /\/meetings\/guest\// }).first();
    await expect(link).toHaveAttribute('href', /^http:\/\/127\.0\.0\.1:\d+\/meetings\/guest\/[A-Za-z0-9_-]+$/);
    const guestPage = await page.context().newPage();
    const response = await guestPage.goto((await link.getAttribute('href')) ?? '');
    expect(response?.headers()['content-type']).toContain('text/html');
    await expect(guestPage.locator('h1').first()).toBeVisible();
    await guestPage.close();
  });

  test('the mailbox is for system administrators: an agency administrator is told so', async ({ page }) => {
    await signIn(page, DEMO.yoon);
    await page.goto('/admin/mailbox');
    await expect(page.getByText('발송 메일함은 시스템 관리자만 볼 수 있습니다.')).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('link', { name: '발송 메일함' }),
    ).toHaveCount(0);
    await expectAccessible(page);
  });
});
