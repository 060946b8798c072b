import {
  apiAs,
  baseURL,
  DEMO,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
  unique,
  shoot,
} from './support/fixtures.ts';

const HEADER = 'agency_code,agency_name,agency_kind,parent_code,department,login,display_name,email,position,roles';

async function agencyId(request: Parameters<typeof apiAs>[0], code: string): Promise<string> {
  const admin = await apiAs(request, DEMO.admin);
  const tree = await admin.get<{ roots: Array<{ id: string; code: string; children: unknown[] }> }>(
    '/admin-api/agencies',
  );
  const all = (nodes: Array<{ id: string; code: string; children: unknown[] }>): Array<{ id: string; code: string }> =>
    nodes.flatMap((n) => [n, ...all(n.children as typeof nodes)]);
  const found = all(tree.roots).find((a) => a.code === code);
  if (!found) throw new Error(`no agency ${code}`);
  return found.id;
}

test.describe('administration in the browser', () => {
  test('an agency administrator sees their agency and those under it, adds a person, gives a role, and disabling signs that person out at once', async ({
    page,
    browser,
    request,
  }) => {
    const login = `sin.${unique()}`;
    await signIn(page, DEMO.yoon);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/admin\/agencies$/);
    await expect(page.getByRole('heading', { level: 1, name: '기관과 사용자' })).toBeVisible();
    const tree = page.getByRole('navigation', { name: '관리하는 기관' });
    await expect(tree.getByRole('link')).toHaveText([
      /^서울특별시 광역자치단체/,
      /^서울특별시 종로구 기초자치단체/,
      /^청운효자동 읍면동/,
    ]);
    await expect(page.getByRole('link', { name: /행정안전부/ })).toHaveCount(0);
    await shoot(page, 'admin-agencies');

    await tree.getByRole('link', { name: /^청운효자동/ }).click();
    await expect(page).toHaveURL(/\/admin\/agencies\/[0-9a-f-]{36}$/);
    await expect(tree.getByRole('link', { name: /^청운효자동/ })).toHaveAttribute('aria-current', 'page');
    const people = page.getByRole('table', { name: /청운효자동 사용자 목록/ });
    await expect(people.getByRole('rowheader', { name: /한동민/ })).toBeVisible();

    // A bad sign-in name is refused at its field, in Korean.
    await page.getByRole('button', { name: '사용자 추가' }).click();
    const form = page.getByRole('form', { name: '새 사용자' });
    await form.getByRole('textbox', { name: '아이디' }).fill('Bad Login!');
    await form.getByRole('textbox', { name: '이름' }).fill('신동민');
    await form.getByRole('combobox', { name: /부서/ }).fill('행정민원팀');
    await form.getByRole('button', { name: '추가하기' }).click();
    await expect(form.getByRole('textbox', { name: '아이디' })).toHaveAccessibleDescription(/아이디는 영문 소문자/);
    await form.getByRole('textbox', { name: '아이디' }).fill(login);
    await form.getByRole('button', { name: '추가하기' }).click();
    const added = page.getByRole('status').filter({ hasText: `신동민(${login}) 사용자를 추가했습니다.` });
    await expect(added).toBeVisible();
    const password = (await added.locator('.secret').textContent()) ?? '';
    expect(password).toMatch(/^[A-Za-z0-9_-]{12}$/);
    await expect(people.getByRole('rowheader', { name: new RegExp(login) })).toBeVisible();
    await shoot(page, 'admin-user-added');
    await page.getByRole('button', { name: '닫기' }).click();

    // The new person signs in with the first password, in a browser of their own.
    const theirs = await browser.newContext({ baseURL: baseURL() });
    const newcomer = await theirs.newPage();
    await signIn(newcomer, login, password);

    const row = people.getByRole('row', { name: new RegExp(login) });
    await row.getByRole('button', { name: '신동민 관리' }).click();
    const panel = page.getByRole('region', { name: `신동민 (${login})` });
    await expect(panel.getByRole('checkbox', { name: '시스템 관리자' })).toBeDisabled();
    await panel.getByRole('checkbox', { name: '민원 조사관' }).check();
    await panel.getByRole('button', { name: '권한 저장' }).click();
    await expect(panel.getByRole('status').filter({ hasText: '권한을 저장했습니다.' })).toBeVisible();
    await expect(row.getByRole('cell', { name: '민원 조사관' })).toBeVisible();
    await shoot(page, 'admin-user-manage');

    await panel.getByRole('button', { name: '사용 중지' }).click();
    await panel.getByRole('button', { name: '사용 중지하기' }).click();
    await expect(panel.getByRole('status').filter({ hasText: '신동민 계정의 사용을 중지했습니다.' })).toBeVisible();
    await expect(row.getByRole('cell', { name: '사용 중지' })).toBeVisible();
    // Their open page is signed out at once (their socket hears it), and they cannot come back.
    await expect(newcomer).toHaveURL(/\/login/);
    await newcomer.getByLabel('아이디').fill(login);
    await newcomer.getByLabel('비밀번호').fill(password);
    await newcomer.getByRole('button', { name: '로그인' }).click();
    await expect(newcomer.getByText('사용이 중지된 계정입니다.')).toBeVisible();
    await theirs.close();

    // An agency outside theirs is refused, in words.
    await page.goto(`/admin/agencies/${await agencyId(request, '1741000')}`);
    await expect(page.getByRole('alert')).toContainText('관리 권한이 없는 기관');
  });

  test('an org chart with one bad line names the line and imports nothing; the corrected file imports, with its upload progress shown', async ({
    page,
    request,
  }) => {
    const u = unique();
    const rows = (email: string) =>
      [
        HEADER,
        `3000000,서울특별시 종로구,basic_government,6110000,스마트도시과,imp1.${u},가져온일,imp1@jongno.example,주무관,member`,
        `3000000,서울특별시 종로구,basic_government,6110000,스마트도시과,imp2.${u},가져온이,${email},주무관,member`,
      ].join('\r\n');
    const yoon = await apiAs(request, DEMO.yoon);
    const jongno = await agencyId(request, '3000000');
    const logins = async () =>
      (await yoon.get<{ users: Array<{ login: string }> }>(`/admin-api/agencies/${jongno}/users`)).users.map(
        (x) => x.login,
      );

    await signIn(page, DEMO.yoon);
    await page.goto('/admin/import');
    await expect(page.getByRole('heading', { level: 1, name: '조직도 가져오기' })).toBeVisible();
    await page.getByRole('button', { name: '가져오기' }).click();
    await expect(page.getByLabel('조직도 CSV 파일')).toHaveAccessibleDescription(/가져올 CSV 파일을 고르세요/);
    await shoot(page, 'admin-import');

    await page
      .getByLabel('조직도 CSV 파일')
      .setInputFiles({ name: 'org-chart.csv', mimeType: 'text/csv', buffer: Buffer.from(rows('no-at-sign')) });
    await page.getByRole('button', { name: '가져오기' }).click();
    await expect(page.getByRole('progressbar', { name: /올리/ })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(
      '조직도를 가져오지 않았습니다. 1개 줄에 문제가 있습니다(3번째 줄)',
    );
    const problems = page.getByRole('table', { name: /문제가 있는 줄 1개/ });
    await expect(problems.getByRole('row')).toHaveCount(2);
    await expect(problems.getByRole('row', { name: /3번째 줄/ })).toContainText(
      'email이 올바른 이메일 주소가 아닙니다',
    );
    await shoot(page, 'admin-import-problems');
    expect(await logins()).not.toContain(`imp1.${u}`);

    await page
      .getByLabel('조직도 CSV 파일')
      .setInputFiles({ name: 'org-chart.csv', mimeType: 'text/csv', buffer: Buffer.from(rows('imp2@jongno.example')) });
    await page.getByRole('button', { name: '검사만 하기' }).click();
    await expect(
      page.getByText('문제가 없습니다. 가져오면 기관 0곳, 부서 1개, 사용자 2명이 만들어집니다.'),
    ).toBeVisible();
    expect(await logins()).not.toContain(`imp1.${u}`);
    await page.getByRole('button', { name: '가져오기' }).click();
    await expect(page.getByText('가져왔습니다: 기관 0곳, 부서 1개, 사용자 2명.')).toBeVisible();
    const progress = page.getByRole('progressbar', { name: '올리기 완료' });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute('value', '100');
    await expect(page.getByRole('table', { name: /문제가 있는 줄/ })).toHaveCount(0);
    await screenshot(page, 'admin-import-done');
    expect(await logins()).toEqual(expect.arrayContaining([`imp1.${u}`, `imp2.${u}`]));

    await page.getByRole('link', { name: '기관과 사용자' }).click();
    await page
      .getByRole('navigation', { name: '관리하는 기관' })
      .getByRole('link', { name: /^서울특별시 종로구/ })
      .click();
    await expect(page.getByRole('rowheader', { name: new RegExp(`imp2\\.${u}`) })).toBeVisible();
  });

  test('a system administrator gives their room a new e-mail address; the old one is replaced', async ({
    page,
    request,
  }) => {
    const name = `메일 받는 방 ${unique()}`;
    const admin = await apiAs(request, DEMO.admin);
    const room = await admin.post<{ id: string }>('/rooms', { kind: 'group', name });
    const { address: before } = await admin.post<{ address: string }>(`/rooms/${room.id}/mail-address`);

    await signIn(page, DEMO.admin);
    await page.goto('/admin/mail');
    await expect(page.getByRole('heading', { level: 1, name: '대화방 메일 주소' })).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row.getByRole('cell', { name: before })).toBeVisible();
    await shoot(page, 'admin-mail-addresses');

    await row.getByRole('button', { name: `주소 바꾸기: ${name}` }).click();
    await expect(row).toContainText('이전 주소는 즉시 사용할 수 없게 됩니다');
    await expect(row.getByRole('button', { name: '바꾸기', exact: true })).toBeFocused();
    await row.getByRole('button', { name: '바꾸기', exact: true }).click();
    const made = page.getByText(new RegExp(`${name}의 새 주소: room-[a-z2-7]{20}@`));
    await expect(made).toBeVisible();
    const after = /(room-[a-z2-7]{20}@\S+)/.exec((await made.textContent()) ?? '')?.[1] ?? '';
    expect(after).not.toBe(before);
    await expect(row.getByRole('cell', { name: after })).toBeVisible();
    await expect(row.getByRole('cell', { name: before })).toHaveCount(0);
    const listed = await admin.get<Array<{ roomId: string; address: string }>>('/mail-addresses');
    expect(listed.find((r) => r.roomId === room.id)?.address).toBe(after);
  });

  test('a system administrator opens the queue dashboard from the administration menu; an agency administrator has no such entry', async ({
    page,
    browser,
  }) => {
    await signIn(page, DEMO.admin);
    await page.goto('/admin/agencies');
    await page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('button', { name: '작업 대기열' }).click();
    await expect(page).toHaveURL(/\/admin\/queues\/$/);
    // bull-board's own page, under its own CSP, listing Ieum's queues.
    await expect(page.getByRole('link', { name: /^commands/ }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: /^mail-ingress/ }).first()).toBeVisible();

    const theirs = await browser.newContext({ baseURL: baseURL() });
    const yoon = await theirs.newPage();
    await signIn(yoon, DEMO.yoon);
    await yoon.goto('/admin/agencies');
    await expect(yoon.getByRole('link', { name: '기관과 사용자' })).toBeVisible();
    await expect(yoon.getByRole('button', { name: '작업 대기열' })).toHaveCount(0);
    await theirs.close();
  });

  test('someone who administers nothing is told so', async ({ page }) => {
    await signIn(page, DEMO.kim);
    await page.goto('/admin/agencies');
    await expect(page.getByText('기관 관리자나 시스템 관리자만 볼 수 있는 화면입니다.')).toBeVisible();
    await expectAccessible(page);
  });
});
