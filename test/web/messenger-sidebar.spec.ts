import type { BrowserContext, Locator, Page } from '@playwright/test';
import { apiAs, DEMO, expect, expectAccessible, personPage, screenshot, test, unique } from './support/fixtures.ts';

/**
 * The messenger's sidebar: rooms grouped with live unread and mention counts, the directory
 * ("새 대화": by name, by agency and department), message search, browser notifications and the
 * title badge. A is 최서울 (서울특별시), B is 한동민 (청운효자동, under 종로구 under 서울특별시):
 * B is found by name and by walking the org tree down to their department.
 */

interface Recorded {
  title: string;
  body: string | undefined;
  tag: string | undefined;
}

declare global {
  interface Window {
    __notifications?: { shown: Recorded[]; instances: Notification[]; asked: number };
  }
}

/** Records every Notification the page makes, and every time it asks for permission. */
async function recordNotifications(
  context: BrowserContext,
  answer: NotificationPermission | null = null,
): Promise<void> {
  await context.addInitScript((stub) => {
    const Original = window.Notification;
    const record = { shown: [] as Recorded[], instances: [] as Notification[], asked: 0 };
    class Recording extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        record.shown.push({ title, body: options?.body, tag: options?.tag });
        record.instances.push(this);
      }
      static override requestPermission(): Promise<NotificationPermission> {
        record.asked++;
        return stub ? Promise.resolve(stub) : Original.requestPermission();
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
    window.__notifications = record;
  }, answer);
}

const shown = (page: Page) => page.evaluate(() => window.__notifications?.shown ?? []);
const sidebar = (page: Page) => page.getByRole('navigation', { name: '대화방 목록' });
const badge = (title: string) => Number(/^\((\d+)\) /.exec(title)?.[1] ?? 0);
const cid = () => `c-${unique()}`;

async function openDialog(page: Page): Promise<Locator> {
  await sidebar(page).getByRole('button', { name: '새 대화' }).click();
  const dialog = page.getByRole('dialog', { name: '새 대화' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('the messenger sidebar', () => {
  test('A finds B by name and through the org tree and starts a DM; B’s count, badge and notification arrive live and clear when B opens it', async ({
    browser,
    request,
  }) => {
    // Two browsers, the dialog walked down the org tree, axe three times: slow on a loaded machine.
    test.slow();
    const a = await personPage(browser, DEMO.choi);
    const b = await personPage(browser, DEMO.han, { permissions: ['notifications'] });
    await recordNotifications(b.context);
    await b.page.goto('/rooms');
    // B is in another room (their agency's): a DM elsewhere is worth a notification.
    const agencyRoom = sidebar(b.page).getByRole('region', { name: '기관 대화방' }).getByRole('link').first();
    await agencyRoom.click();
    await expect(agencyRoom).toHaveAttribute('aria-current', 'page');
    // Notifications were allowed by the browser already: no button asks for them.
    await expect(sidebar(b.page).getByRole('button', { name: '알림 켜기' })).toHaveCount(0);
    await expectAccessible(b.page);
    // The badge counts every unread message of B's other rooms; the one open is read.
    await expect(agencyRoom).not.toHaveAccessibleName(/읽지 않은/);
    const before = badge(await b.page.title());

    // By name: part of it, inside the word.
    const dialog = await openDialog(a.page);
    await expect(dialog.getByRole('searchbox', { name: '이름 또는 아이디로 찾기' })).toBeFocused();
    await dialog.getByRole('searchbox', { name: '이름 또는 아이디로 찾기' }).fill('동민');
    const byName = dialog.getByRole('region', { name: '찾은 사람' }).getByRole('checkbox', { name: /한동민/ });
    await expect(byName).toBeVisible();
    await expect(dialog.getByRole('region', { name: '찾은 사람' })).toContainText('청운효자동 · 행정민원팀');
    await expectAccessible(a.page);
    await screenshot(a.page, 'messenger-new-conversation');
    await dialog.getByRole('searchbox', { name: '이름 또는 아이디로 찾기' }).fill('');

    // Through the org tree: 서울특별시 › 서울특별시 종로구 › 청운효자동 › 행정민원팀.
    await dialog.getByText('기관 조직도에서 찾기').click();
    await dialog.getByText('서울특별시', { exact: true }).click();
    await dialog.getByText('서울특별시 종로구', { exact: true }).click();
    await dialog.getByText('청운효자동', { exact: true }).click();
    await dialog.getByText(/^행정민원팀/).click();
    const inTree = dialog.getByRole('checkbox', { name: /한동민/ });
    await expect(inTree).toBeVisible();
    await inTree.check();
    await expect(dialog.getByRole('button', { name: '한동민 빼기' })).toBeVisible();
    await expectAccessible(a.page);
    await screenshot(a.page, 'messenger-directory-tree');
    await dialog.getByRole('button', { name: '1:1 대화 시작' }).click();
    await expect(dialog).toBeHidden();
    await expect(a.page).toHaveURL(/\/rooms\/[0-9a-f-]{36}$/);
    const dmId = a.page.url().split('/rooms/')[1];
    await expect(
      sidebar(a.page)
        .getByRole('region', { name: '1:1 대화' })
        .getByRole('link', { name: /한동민/ }),
    ).toHaveAttribute('aria-current', 'page');

    // B's list shows the DM without a reload, named by A and A's agency.
    const dm = sidebar(b.page)
      .getByRole('region', { name: '1:1 대화' })
      .getByRole('link', { name: /^최서울/ });
    await expect(dm).toBeVisible();
    await expect(dm).toContainText('서울특별시');

    // A writes in the room screen.
    const text = `안녕하세요, 동 행정 자료 부탁드립니다 ${unique()}`;
    await a.page.getByRole('textbox', { name: '메시지 입력' }).fill(text);
    await a.page.getByRole('textbox', { name: '메시지 입력' }).press('Enter');
    await expect(dm).toHaveAccessibleName(/읽지 않은 메시지 1개/);
    await expect(b.page).toHaveTitle(new RegExp(`^\\(${before + 1}\\) `));
    await expect
      .poll(() => shown(b.page))
      .toContainEqual({
        title: '최서울님의 1:1 메시지',
        body: text,
        tag: expect.stringMatching(/^ieum-message-[0-9a-f-]{36}$/),
      });
    const index = (await shown(b.page)).findIndex((n) => n.body === text);
    const sentId = (await shown(b.page))[index].tag?.replace('ieum-message-', '');
    await screenshot(b.page, 'messenger-sidebar');

    // Clicking the notification opens the message; the room, once open, is read.
    await b.page.evaluate((i) => window.__notifications?.instances[i]?.dispatchEvent(new Event('click')), index);
    await expect(b.page).toHaveURL(new RegExp(`/rooms/${dmId}\\?message=${sentId}$`));
    await expect(dm).toHaveAttribute('aria-current', 'page');
    await expect(b.page.locator('[data-highlighted="true"]')).toContainText(text);
    await expect(dm).not.toHaveAccessibleName(/읽지 않은/);
    await expect(b.page).not.toHaveTitle(new RegExp(`^\\(${before + 1}\\) `));

    // While B has the DM in front of them, a new one neither counts nor notifies. A message in
    // another room sent after it shows B has heard both.
    const choi = await apiAs(request, DEMO.choi);
    const second = await choi.post<{ id: string; body: string }>(`/rooms/${dmId}/messages`, {
      body: `두 번째 ${unique()}`,
      clientMessageId: cid(),
    });
    await expect(b.page.getByText(second.body).first()).toBeVisible();
    const check = `확인용 ${unique()}`;
    const elsewhere = await choi.post<{ id: string }>('/rooms', {
      kind: 'collaboration',
      name: check,
      userIds: [(await apiAs(request, DEMO.han)).me.id],
    });
    await choi.post(`/rooms/${elsewhere.id}/messages`, { body: '확인', clientMessageId: cid() });
    await expect(sidebar(b.page).getByRole('link', { name: new RegExp(check) })).toHaveAccessibleName(
      /읽지 않은 메시지 1개/,
    );
    await expect(dm).not.toHaveAccessibleName(/읽지 않은/);
    expect((await shown(b.page)).map((n) => n.tag)).not.toContain(`ieum-message-${second.id}`);

    await a.context.close();
    await b.context.close();
  });

  test('a collaboration room made in the dialog; an @mention counts and notifies; a search inside a word opens the room at the message', async ({
    browser,
    request,
  }) => {
    test.slow();
    const a = await personPage(browser, DEMO.choi);
    const b = await personPage(browser, DEMO.han, { permissions: ['notifications'] });
    await recordNotifications(b.context);
    await b.page.goto('/rooms');
    await expect(sidebar(b.page).getByRole('heading', { name: '대화', exact: true })).toBeVisible();

    // Several people and a whole agency make a room: another agency, so a collaboration room.
    const name = `동 협업 TF ${unique()}`;
    const dialog = await openDialog(a.page);
    await dialog.getByRole('searchbox', { name: '이름 또는 아이디로 찾기' }).fill('한동민');
    await dialog
      .getByRole('region', { name: '찾은 사람' })
      .getByRole('checkbox', { name: /한동민/ })
      .check();
    await dialog.getByText('기관 조직도에서 찾기').click();
    await dialog.getByRole('searchbox', { name: '기관 이름으로 거르기' }).fill('종로');
    await dialog.getByText(/^서울특별시 종로구 · 서울특별시$/).click();
    await dialog.getByRole('checkbox', { name: '서울특별시 종로구 전체 초대' }).check();
    await dialog.getByRole('button', { name: '협업 대화방 만들기' }).click();
    await expect(dialog.getByText('대화방 이름을 입력해 주세요.')).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: '대화방 이름' })).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('textbox', { name: '대화방 이름' }).fill(name);
    await dialog.getByRole('button', { name: '협업 대화방 만들기' }).click();
    await expect(dialog).toBeHidden();
    await expect(a.page).toHaveURL(/\/rooms\/[0-9a-f-]{36}$/);
    const roomId = a.page.url().split('/rooms/')[1];
    const members = await (await apiAs(request, DEMO.choi)).get<Array<{ userId: string }>>(`/rooms/${roomId}/members`);
    const jung = await apiAs(request, DEMO.jung);
    expect(members.map((m) => m.userId)).toContain(jung.me.id);

    // B hears of the room at once, in the group and collaboration rooms.
    const room = sidebar(b.page)
      .getByRole('region', { name: '그룹·협업 대화방' })
      .getByRole('link', { name: new RegExp(name) });
    await expect(room).toBeVisible();
    await expect(room).toContainText('협업');

    const word = `부처간협업과제${unique()}`;
    // A message that does not name B counts, but does not notify.
    const plain = await (
      await apiAs(request, DEMO.choi)
    ).post<{ id: string }>(`/rooms/${roomId}/messages`, { body: '회의 자료 올렸습니다', clientMessageId: cid() });
    await expect(room).toHaveAccessibleName(/읽지 않은 메시지 1개$/);
    const mention = await (
      await apiAs(request, DEMO.choi)
    ).post<{ id: string }>(`/rooms/${roomId}/messages`, {
      body: `@han.dong 검토 부탁드립니다: ${word}`,
      clientMessageId: cid(),
    });
    await expect(room).toHaveAccessibleName(/읽지 않은 메시지 2개, 멘션 1개/);
    await expect(room.getByText('@1')).toBeVisible();
    await expect
      .poll(() => shown(b.page))
      .toContainEqual({
        title: `${name}에서 최서울님이 나를 언급했습니다`,
        body: `@han.dong 검토 부탁드립니다: ${word}`,
        tag: `ieum-message-${mention.id}`,
      });
    expect((await shown(b.page)).map((n) => n.tag)).not.toContain(`ieum-message-${plain.id}`);

    // Search for a part inside the word.
    const part = word.slice(3);
    await sidebar(b.page).getByRole('searchbox', { name: '메시지 검색' }).fill(part);
    await sidebar(b.page).getByRole('button', { name: '검색', exact: true }).click();
    const results = sidebar(b.page).getByRole('region', { name: /검색 결과/ });
    const hit = results.getByRole('link', { name: new RegExp(name) });
    await expect(hit).toBeVisible();
    await expect(hit).toContainText('최서울');
    await expect(hit.locator('mark')).toHaveText(part);
    await expect(hit.locator('time')).toHaveText(/(오전|오후) \d{1,2}:\d{2}/);
    await expectAccessible(b.page);
    await screenshot(b.page, 'messenger-search');
    await hit.click();
    await expect(b.page).toHaveURL(new RegExp(`/rooms/${roomId}\\?message=${mention.id}$`));
    await expect(b.page.locator('[data-highlighted="true"]')).toContainText(word);
    // The hits stay beside the room until the search is closed; the room, opened, is read.
    await results.getByRole('button', { name: '검색 닫기' }).click();
    await expect(room).toHaveAttribute('aria-current', 'page');
    await expect(room).not.toHaveAccessibleName(/읽지 않은|멘션/);

    // Too short a search says so, tied to the field.
    await sidebar(b.page).getByRole('searchbox', { name: '메시지 검색' }).fill('협');
    await sidebar(b.page).getByRole('button', { name: '검색', exact: true }).click();
    await expect(sidebar(b.page).getByRole('alert')).toHaveText('두 글자 이상 입력하세요.');
    await expect(sidebar(b.page).getByRole('searchbox', { name: '메시지 검색' })).toHaveAccessibleDescription(
      '두 글자 이상 입력하세요.',
    );

    await a.context.close();
    await b.context.close();
  });

  test('notifications are asked for only on a click on “알림 켜기”; Escape closes the dialog and focus returns', async ({
    browser,
  }) => {
    const a = await personPage(browser, DEMO.jung);
    await recordNotifications(a.context, 'granted');
    await a.page.goto('/rooms');
    const enable = sidebar(a.page).getByRole('button', { name: '알림 켜기' });
    await expect(enable).toBeVisible();
    expect(await a.page.evaluate(() => window.__notifications?.asked)).toBe(0);
    await enable.click();
    await expect(enable).toBeHidden();
    expect(await a.page.evaluate(() => window.__notifications?.asked)).toBe(1);

    const opener = sidebar(a.page).getByRole('button', { name: '새 대화' });
    const dialog = await openDialog(a.page);
    await a.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    await a.context.close();
  });

  test('on a phone the room list is its own screen, and a room opens full width with a way back', async ({
    browser,
  }) => {
    const b = await personPage(browser, DEMO.han, { viewport: { width: 375, height: 812 } });
    await b.page.goto('/rooms');
    const list = sidebar(b.page);
    const agencyRoom = list.getByRole('region', { name: '기관 대화방' }).getByRole('link').first();
    await expect(agencyRoom).toBeVisible();
    await expectAccessible(b.page);
    await screenshot(b.page, 'messenger-sidebar');
    await agencyRoom.click();
    await expect(b.page).toHaveURL(/\/rooms\/[0-9a-f-]{36}$/);
    await expect(agencyRoom).toBeHidden();
    const back = list.getByRole('link', { name: '대화 목록' });
    await expect(back).toBeVisible();
    await screenshot(b.page, 'messenger-room-phone');
    await back.click();
    await expect(b.page).toHaveURL(/\/rooms$/);
    await expect(agencyRoom).toBeVisible();

    const dialog = await openDialog(b.page);
    const box = await dialog.boundingBox();
    expect(box?.width).toBe(375);
    await screenshot(b.page, 'messenger-new-conversation');
    await b.context.close();
  });
});
