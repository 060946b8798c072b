import { readFile } from 'node:fs/promises';
import { apiAs, DEMO, expect, expectAccessible, screenshot, signIn, test } from './support/fixtures.ts';

/** PC video meetings held in 2014 by month, from the press release the seed quotes (../shared/seed/README.md). */
const HELD_2014 = [926, 899, 1318, 1115, 1886, 1591, 1969, 1578, 2073, 2934, 5729, 5616];
const SHOWN_2014 = [
  '926',
  '899',
  '1,318',
  '1,115',
  '1,886',
  '1,591',
  '1,969',
  '1,578',
  '2,073',
  '2,934',
  '5,729',
  '5,616',
  '27,634',
];

/** The year's meetings as records of the system they were held on, spread over each month in Seoul time. */
function records2014() {
  return HELD_2014.flatMap((count, m) => {
    const first = Date.UTC(2014, m, 1) - 9 * 3_600_000; // 00:00 on the 1st in Seoul (no DST in 2014)
    const next = Date.UTC(2014, m + 1, 1) - 9 * 3_600_000;
    return Array.from({ length: count }, (_, i) => {
      const start = first + Math.floor((i / count) * (next - first - 3_600_000));
      return {
        // Stable ids: importing again (another run on this server) keeps one of each.
        externalId: `web-2014-${m + 1}-${i}`,
        title: `영상회의 ${i}`,
        kind: i % 10 === 0 ? 'advisory_committee' : 'meeting',
        agencyCode: i % 3 === 0 ? '1140100' : '1741000',
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 45 * 60_000).toISOString(),
        participants: 4,
      };
    });
  });
}

test.describe('meeting statistics', () => {
  test('with the 2014 records imported, the page shows the twelve monthly figures and the total as a chart and a table, and downloads them as CSV', async ({
    page,
    request,
  }) => {
    const admin = await apiAs(request, DEMO.admin);
    const records = records2014();
    expect(records).toHaveLength(27_634);
    for (let i = 0; i < records.length; i += 5000) {
      const result = await admin.post<{ imported: number; skipped: number }>('/meetings/records', {
        records: records.slice(i, i + 5000),
      });
      expect(result.imported + result.skipped).toBe(Math.min(5000, records.length - i));
    }

    await signIn(page, DEMO.admin);
    await page.goto('/stats');
    await expect(page.getByRole('heading', { name: '영상회의 이용 통계', level: 1 })).toBeVisible();
    await page.getByLabel('연도').selectOption('2014');
    await expect(page).toHaveURL(/year=2014/);
    const monthly = page.getByRole('table', { name: '2014년 월별 영상회의 개최 현황' });
    await expect(monthly.getByRole('row', { name: /^회의 수/ }).getByRole('cell')).toHaveText(SHOWN_2014);
    await expect(monthly.getByRole('columnheader')).toHaveText([
      '구분',
      ...Array.from({ length: 12 }, (_, i) => `${i + 1}월`),
      '합계',
    ]);
    await expect(
      monthly
        .getByRole('row', { name: /^자문위원회/ })
        .getByRole('cell')
        .last(),
    ).toHaveText(HELD_2014.reduce((sum, n) => sum + Math.ceil(n / 10), 0).toLocaleString('en-US'));
    await expect(page.getByRole('img', { name: /2014년 월별 영상회의 개최 건수 막대그래프/ })).toBeVisible();
    await expect(page.getByRole('img', { name: /2014년 기관별 영상회의 개최 건수 막대그래프/ })).toBeVisible();
    const byAgency = page.getByRole('table', { name: '2014년 기관별 월별 영상회의 개최 건수' });
    await expect(
      byAgency
        .getByRole('row', { name: /^행정안전부/ })
        .getByRole('cell')
        .last(),
    ).toHaveText(records.filter((r) => r.agencyCode === '1741000').length.toLocaleString('en-US'));
    await expect(
      byAgency
        .getByRole('row', { name: /^국민권익위원회/ })
        .getByRole('cell')
        .last(),
    ).toHaveText(records.filter((r) => r.agencyCode === '1140100').length.toLocaleString('en-US'));
    await expectAccessible(page);
    await screenshot(page, 'stats');

    // The same figures as CSV, through the page's download.
    const saved = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV 내려받기' }).click();
    const file = await saved;
    expect(file.suggestedFilename()).toBe('meetings-2014.csv');
    const [head, meetings] = (await readFile((await file.path()) ?? '', 'utf8')).split('\r\n');
    expect(head).toBe(',Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Total');
    expect(meetings).toBe(`meetings,${HELD_2014.join(',')},27634`);

    // In English the figures keep their separators.
    await page.getByRole('button', { name: /English/ }).click();
    const english = page.getByRole('table', { name: 'Video meetings held per month in 2014' });
    await expect(english.getByRole('row', { name: /^Meetings/ }).getByRole('cell')).toHaveText(SHOWN_2014);
    await page.getByRole('button', { name: /한국어/ }).click();
  });

  test('someone who is not an administrator is told the statistics are for administrators', async ({ page }) => {
    await signIn(page, DEMO.kim);
    await page.goto('/stats');
    await expect(page.getByText('이용 통계는 시스템 관리자와 기관 관리자만 볼 수 있습니다.')).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
    await expectAccessible(page);
  });

  test("an agency administrator sees their own agency's meetings only", async ({ page, request }) => {
    // Whatever else this server holds for 2014, none of it is Seoul's: the records above are two ministries'.
    const admin = await apiAs(request, DEMO.admin);
    await admin.post('/meetings/records', { records: records2014().slice(0, 10) });
    await signIn(page, 'yoon.seoul');
    await page.goto('/stats?year=2014');
    await expect(page.getByText('서울특별시의 영상회의만 보여 줍니다.', { exact: false })).toBeVisible();
    const monthly = page.getByRole('table', { name: '2014년 월별 영상회의 개최 현황' });
    await expect(monthly.getByRole('row', { name: /^회의 수/ }).getByRole('cell')).toHaveText(
      Array.from({ length: 13 }, () => '0'),
    );
    await expect(page.getByText('이 해에 열린 회의가 없습니다.')).toBeVisible();
    await expectAccessible(page);
  });
});
