import { createHmac } from 'node:crypto';
import { apiAs, baseURL, DEMO, expect, expectAccessible, personPage, test, unique } from './support/fixtures.ts';

test.describe('a room owner’s incoming webhooks', () => {
  test('made in the room, its secret shown once; a signed post appears from it; stopped and deleted', async ({
    browser,
    request,
  }) => {
    const kim = await apiAs(request, DEMO.kim);
    const lee = await apiAs(request, DEMO.lee);
    const room = await kim.post<{ id: string; name: string }>('/rooms', {
      kind: 'collaboration',
      name: `배포 알림 ${unique()}`,
      userIds: [lee.me.id],
    });
    const { page } = await personPage(browser, DEMO.kim);
    await page.goto(`/rooms/${room.id}`);
    await expect(page.getByRole('heading', { level: 1, name: room.name })).toBeVisible();

    await page.getByRole('button', { name: '웹훅', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '들어오는 웹훅' });
    await expect(dialog.getByText('아직 웹훅이 없습니다.')).toBeVisible();
    await dialog.getByRole('textbox', { name: '웹훅 이름' }).fill('빌드 서버');
    await dialog.getByRole('button', { name: '웹훅 만들기' }).click();
    await expect(dialog.getByText('웹훅 "빌드 서버"을(를) 만들었습니다.')).toBeVisible();
    const secret = (await dialog.locator('code', { hasText: /^whsec_/ }).textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = dialog.getByRole('list', { name: '이 대화방의 웹훅' });
    await expect(list.getByText('빌드 서버', { exact: true })).toBeVisible();
    await expectAccessible(page);

    // The system posts, signed with the secret the dialog showed.
    const [webhook] = await kim.get<Array<{ id: string }>>(`/rooms/${room.id}/webhooks`);
    const body = JSON.stringify({ title: '배포 완료', text: 'v2.3.1이 운영에 반영되었습니다' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    const posted = await request.post(`${baseURL()}/webhooks/in/${webhook?.id}`, {
      headers: { 'content-type': 'application/json', 'x-ieum-timestamp': timestamp, 'x-ieum-signature': signature },
      data: body,
    });
    expect(posted.status(), await posted.text()).toBe(200);

    await dialog.getByRole('button', { name: '빌드 서버 중지' }).click();
    await expect(list.getByText('중지됨', { exact: true })).toBeVisible();
    page.once('dialog', (confirm) => void confirm.accept());
    await dialog.getByRole('button', { name: '빌드 서버 삭제' }).click();
    await expect(dialog.getByText('아직 웹훅이 없습니다.')).toBeVisible();
    await dialog.getByRole('button', { name: '닫기' }).click();

    const log = page.getByRole('log', { name: '메시지 목록' });
    await expect(log.getByText('v2.3.1이 운영에 반영되었습니다', { exact: false })).toBeVisible();
    await expect(log.getByText('빌드 서버', { exact: true })).toBeVisible();

    // Someone who does not own the room is not offered webhooks.
    const other = await personPage(browser, DEMO.lee);
    await other.page.goto(`/rooms/${room.id}`);
    await expect(other.page.getByRole('heading', { level: 1, name: room.name })).toBeVisible();
    await expect(other.page.getByRole('button', { name: '웹훅', exact: true })).toHaveCount(0);
  });
});
