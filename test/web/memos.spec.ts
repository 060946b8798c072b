import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { DEMO, expect, personPage, signIn, test, unique, shoot } from './support/fixtures.ts';

async function answer(
  page: Page,
  title: string,
  opinion: string,
  file?: { name: string; text: string },
  shot?: string,
): Promise<void> {
  await page.goto('/memos');
  const inbox = page.getByRole('list', { name: '받은 메모보고' });
  await expect(inbox.getByRole('listitem').filter({ hasText: title })).toContainText('읽지 않음');
  await inbox.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const mine = page.getByRole('region', { name: '내 응답' });
  await expect(mine).toContainText('아직 확인하지 않았습니다.');
  if (shot) await shoot(page, shot);
  await mine.getByRole('button', { name: '확인했습니다' }).click();
  await expect(mine).toContainText(/에 확인함/);
  await mine.getByRole('textbox', { name: '의견' }).fill(opinion);
  if (file) {
    await mine
      .getByLabel('의견에 파일 첨부')
      .setInputFiles({ name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
    await expect(mine.getByRole('status').filter({ hasText: `${file.name} 첨부됨` })).toBeAttached();
  }
  await mine.getByRole('button', { name: '의견 보내기' }).click();
  await expect(mine).toContainText(/에 의견 보냄/);
  await expect(mine.getByText(opinion)).toBeVisible();
}

test.describe('memo reports in the browser', () => {
  test('a memo from one agency to two others: both addressees acknowledge and give an opinion in their own browsers, the author’s table moves without a reload, and the CSV holds both opinions', async ({
    page,
    browser,
  }) => {
    // Two or three browsers, and axe with screenshots at two sizes on each screen.
    test.slow();
    const title = `2027년 예산 편성 의견 조회 ${unique()}`;
    const fromAcrc = `권익위 의견 ${unique()}: 찬성합니다.`;
    const fromKlid = `=HYPERLINK("x") 개발원 의견 ${unique()}: 보완이 필요합니다.`;

    await signIn(page, DEMO.kim);
    await page.goto('/memos');
    await expect(page.getByRole('heading', { level: 1, name: '받은 메모보고' })).toBeVisible();
    await shoot(page, 'memos-inbox');

    await page.getByRole('link', { name: '메모보고 쓰기' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '메모보고 쓰기' })).toBeVisible();
    // Nothing chosen: each problem is said at its field.
    await page.getByRole('button', { name: '보내기' }).click();
    await expect(page.getByRole('textbox', { name: '제목' })).toHaveAccessibleDescription(/제목을 입력하세요/);
    await expect(page.getByRole('group', { name: '받는 곳' })).toContainText(
      '받을 기관, 부서, 사람 중 하나 이상을 고르세요.',
    );

    await page.getByRole('textbox', { name: '제목' }).fill(title);
    await page
      .getByRole('textbox', { name: '본문' })
      .fill('2027년 예산 편성에 대한 기관 의견을 6월 13일까지 보내 주십시오.');
    const agencies = page.getByRole('searchbox', { name: /받을 기관/ });
    await agencies.fill('국민권익');
    await page.getByRole('button', { name: /^국민권익위원회.* 추가$/ }).click();
    await agencies.fill('지역정보');
    await page.getByRole('button', { name: /^한국지역정보개발원.* 추가$/ }).click();
    await expect(
      page
        .getByRole('group', { name: /받을 기관/ })
        .getByRole('list', { name: '선택한 항목' })
        .getByRole('listitem'),
    ).toHaveCount(2);
    await page.getByLabel('회신 기한').fill('2031-06-13T18:00');
    await expect(page.getByRole('checkbox', { name: '의견 요청' })).toBeChecked();
    await page.getByLabel('파일 첨부').setInputFiles({
      name: '2027 예산 편성 지침.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('예산 편성 지침 초안\n'.repeat(2000)),
    });
    await expect(page.getByRole('status').filter({ hasText: '2027 예산 편성 지침.txt 첨부됨' })).toBeAttached();
    await shoot(page, 'memo-compose');
    await page.getByRole('button', { name: '보내기' }).click();

    await expect(page).toHaveURL(/\/memos\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '메모보고를 보냈습니다' })).toBeVisible();
    const table = page.getByRole('table', { name: '받는 사람별 응답 현황' });
    const row = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    await expect(row('이권익')).toContainText('국민권익위원회');
    await expect(row('박정보')).toContainText('한국지역정보개발원');
    // The memo bot's DM reaches each of them: delivered, live.
    await expect(row('이권익').getByRole('cell').first()).not.toHaveText('아직');
    await expect(row('박정보').getByRole('cell').first()).not.toHaveText('아직');
    await page.getByRole('button', { name: '미응답자에게 다시 알리기' }).click();
    await expect(page.getByRole('status').filter({ hasText: /\d+명에게 다시 알립니다\./ })).toBeVisible();
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    // Each addressee answers in a browser of their own.
    const lee = await personPage(browser, DEMO.lee);
    await answer(lee.page, title, fromAcrc, { name: '권익위 검토의견.txt', text: '검토 의견 전문' }, 'memo-recipient');
    await expect(row('이권익').getByRole('cell').nth(2)).not.toHaveText('아직');
    await expect(row('이권익')).toContainText(fromAcrc);
    await expect(row('이권익').getByRole('button', { name: /권익위 검토의견\.txt/ })).toBeVisible();
    await expect(row('박정보')).toContainText('의견 없음');

    const park = await personPage(browser, DEMO.park);
    await answer(park.page, title, fromKlid);
    await expect(row('박정보')).toContainText(fromKlid);
    await expect(
      page.getByRole('list', { name: '응답 집계' }).getByRole('listitem').filter({ hasText: '의견' }),
    ).toHaveText(/의견\s*2\/\d+/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await shoot(page, 'memo-author');

    // The exports go through the page (with the person's token), never as plain links.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '의견 CSV 내려받기' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^memo-[0-9a-f]{8}-opinions\.csv$/);
    const text = await readFile(await csv.path(), 'utf8');
    expect(text).toContain(fromAcrc);
    // A cell that a spreadsheet would run as a formula is written escaped.
    expect(text).toContain(`'${fromKlid.replace(/"/g, '""')}`);
    expect(text).toContain('이권익');
    expect(text).toContain('박정보');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '요약 PDF 내려받기' }).click(),
    ]);
    expect((await readFile(await pdf.path())).subarray(0, 5).toString()).toBe('%PDF-');

    // The lists: the addressee's inbox says it was answered, the author's sent box counts.
    await lee.page.goto('/memos/inbox');
    await expect(
      lee.page.getByRole('list', { name: '받은 메모보고' }).getByRole('listitem').filter({ hasText: title }),
    ).toContainText('의견 보냄');
    await page.goto('/memos/sent');
    await expect(
      page.getByRole('list', { name: '보낸 메모보고' }).getByRole('listitem').filter({ hasText: title }),
    ).toContainText(/의견 2/);
    await shoot(page, 'memos-sent');
    await lee.context.close();
    await park.context.close();
  });
});
