import { apiAs, DEMO, expect, expectAccessible, screenshot, signIn, test, unique } from './support/fixtures.ts';

const ACRC = '1140100';
const WEEKDAYS = ['월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'];

interface AgencyNode {
  id: string;
  code: string;
  children: AgencyNode[];
}

function findAgency(nodes: AgencyNode[], code: string): AgencyNode | undefined {
  for (const node of nodes) {
    if (node.code === code) return node;
    const found = findAgency(node.children, code);
    if (found) return found;
  }
  return undefined;
}

/** A calendar day in Seoul, some days from an instant. */
function seoulDay(at: Date, plusDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Seoul',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at.getTime() + plusDays * 86_400_000));
}

test.describe('video consultations, staff side', () => {
  test('an investigator publishes weekly hours and a day off in the browser, books for a citizen, and sees the booking with the citizen’s data', async ({
    page,
    request,
  }) => {
    // An investigator of their own, under a topic of their own, so no other spec's slots change.
    const admin = await apiAs(request, DEMO.admin);
    const acrc = findAgency(await admin.get<AgencyNode[]>('/agencies'), ACRC);
    expect(acrc).toBeDefined();
    const id = unique();
    const topicName = `시험 상담 ${id}`;
    const acrcAdmin = await apiAs(request, 'seo.acrc');
    const topic = await acrcAdmin.post<{ id: string }>('/consultations/topics', { name: topicName });
    const displayName = `조사관${id.slice(-4)}`;
    const created = await admin.post<{ user: { id: string }; initialPassword: string }>(
      `/admin-api/agencies/${acrc?.id}/users`,
      {
        login: `inv.${id}`,
        displayName,
        roles: ['member', 'complaint_investigator'],
      },
    );

    // Screens that show "today" read the browser's clock: pinned to now, which the server's bookings also use.
    const now = new Date();
    await page.clock.install({ time: now });
    await signIn(page, `inv.${id}`, created.initialPassword);
    await page.goto('/consultations/schedule');
    await expect(page.getByRole('heading', { name: '내 상담 시간', level: 1 })).toBeVisible();
    // Every day, all day: whatever the weekday or hour the test runs at, there are times to book.
    for (const weekday of WEEKDAYS) {
      await page.getByRole('button', { name: `${weekday} 시간대 추가` }).click();
      await page.getByLabel(`${weekday} 1번째 시간대 시작`).fill('00:00');
      await page.getByLabel(`${weekday} 1번째 시간대 끝`).fill('23:30');
    }
    await page.getByLabel('상담 한 번의 길이').selectOption({ label: '30분' });
    await page.getByLabel('상담 후 정리 시간(분)').fill('0');
    await page.getByLabel('며칠 뒤까지 예약 받기').fill('14');
    await page.getByLabel('최소 몇 분 전까지 예약 받기').fill('60');
    await page.getByRole('checkbox', { name: topicName }).check();
    await page.getByRole('button', { name: '상담 시간 저장' }).click();
    await expect(page.getByRole('status').filter({ hasText: '상담 시간을 저장했습니다.' })).toBeVisible();

    // A day off ten days ahead.
    const dayOff = seoulDay(now, 10);
    const exceptions = page.getByRole('region', { name: '예외 일정' });
    await exceptions.getByLabel('날짜').fill(dayOff);
    await exceptions.getByLabel('메모(선택)').fill('교육 참석');
    await exceptions.getByRole('button', { name: '예외 일정 추가' }).click();
    await expect(exceptions.getByRole('status').filter({ hasText: '예외 일정을 추가했습니다.' })).toBeVisible();
    await expect(exceptions.getByRole('list', { name: '예외 일정' }).getByRole('listitem')).toHaveCount(1);
    await expect(exceptions.getByRole('list', { name: '예외 일정' })).toContainText('교육 참석');
    await expectAccessible(page);
    await screenshot(page, 'consultations-schedule');

    // What was saved is what the server offers: slots every half hour on the topic, none on the day off.
    const colleague = await apiAs(request, DEMO.lee);
    const slots = await colleague.get<Array<{ startsAt: string; investigatorId: string }>>(
      `/consultations/slots?days=14&topicId=${topic.id}&timeZone=Asia/Seoul`,
    );
    expect(new Set(slots.map((s) => s.investigatorId))).toEqual(new Set([created.user.id]));
    expect(slots.filter((s) => seoulDay(new Date(s.startsAt)) === dayOff)).toEqual([]);
    expect(Date.parse(slots[0]?.startsAt ?? '')).toBeGreaterThanOrEqual(now.getTime() + 60 * 60_000 - 5_000);
    const reloaded = await page.reload().then(() => page.getByLabel('월요일 1번째 시간대 시작'));
    await expect(reloaded).toHaveValue('00:00');

    // Booking for a citizen who called, as /consult book does.
    await page.getByRole('link', { name: '민원인 대신 예약' }).click();
    await expect(page.getByRole('heading', { name: '민원인 대신 예약', level: 1 })).toBeVisible();
    await page.getByLabel('상담 분야').selectOption({ label: topicName });
    const first = page.getByRole('radio', { name: new RegExp(displayName) }).first();
    await first.check();
    const citizenEmail = `citizen-${id}@example.org`;
    await page.getByLabel('전자우편 주소').fill(citizenEmail);
    await page.getByLabel('이름(선택)').fill('홍길순');
    await page.getByLabel('전화번호(선택)').fill('010-1234-5678');
    await page.getByLabel('민원 요지').fill('주차 과태료 부과에 대한 이의');
    await expectAccessible(page);
    await screenshot(page, 'consultations-book');
    await page.getByRole('button', { name: '예약하고 안내 메일 보내기' }).click();
    await expect(page).toHaveURL(/\/consultations\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('status').filter({ hasText: '예약했습니다.' })).toBeVisible();
    const citizen = page.getByRole('region', { name: '민원인 정보' });
    await expect(citizen.getByText(citizenEmail)).toBeVisible();
    await expect(citizen.getByText('010-1234-5678')).toBeVisible();
    await expect(citizen.getByText('주차 과태료 부과에 대한 이의')).toBeVisible();
    await expect(page.getByRole('region', { name: '예약 정보' }).getByText(topicName)).toBeVisible();
    const bookingUrl = page.url();

    // The bookings list has it, with the citizen's name as the way in.
    await page.getByRole('link', { name: '예약 현황' }).click();
    await page.getByRole('checkbox', { name: '내가 맡은 상담만 보기' }).check();
    const entry = page.getByRole('link', { name: '홍길순' });
    await expect(entry).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'consultations-bookings');
    await entry.click();
    await expect(page).toHaveURL(bookingUrl);
    await page.getByRole('textbox', { name: '상담 결과 메모' }).fill('서류 보완 안내');
    await page.getByRole('button', { name: '메모 저장' }).click();
    await expect(page.getByRole('status').filter({ hasText: '상담 결과를 저장했습니다.' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'consultations-detail');
  });

  test('an agency administrator adds and retires a topic and a closure day', async ({ page }) => {
    const id = unique();
    const topicName = `분야 ${id}`;
    // A day far beyond any booking horizon, so no other spec's slots change meanwhile.
    const day = seoulDay(new Date(), 400);
    await signIn(page, 'seo.acrc');
    await page.goto('/consultations/agency');
    await expect(page.getByRole('heading', { name: '상담 분야·휴무일', level: 1 })).toBeVisible();
    const topics = page.getByRole('region', { name: '상담 분야' });
    await topics.getByLabel('분야 이름').fill(topicName);
    await topics.getByRole('button', { name: '상담 분야 추가' }).click();
    await expect(topics.getByRole('list', { name: '상담 분야' })).toContainText(topicName);
    const closures = page.getByRole('region', { name: '기관 휴무일' });
    await closures.getByLabel('날짜').fill(day);
    await closures.getByLabel('사유').fill('청사 점검');
    await closures.getByRole('button', { name: '휴무일 추가' }).click();
    await expect(closures.getByRole('list', { name: '기관 휴무일' })).toContainText('청사 점검');
    await expectAccessible(page);
    await screenshot(page, 'consultations-agency');

    await topics.getByRole('button', { name: `${topicName} 분야 그만 받기` }).click();
    await topics.getByRole('button', { name: `${topicName} 분야를 더 이상 받지 않습니다` }).click();
    await expect(topics.getByText(topicName)).toHaveCount(0);
    const row = closures.getByRole('listitem').filter({ hasText: '청사 점검' });
    await row.getByRole('button', { name: /휴무일 삭제$/ }).click();
    await expect(closures.getByText('청사 점검')).toHaveCount(0);
  });
});
