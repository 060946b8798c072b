import type { TaskView } from '../../src/tasks/tasks.types.ts';
import {
  apiAs,
  baseURL,
  DEMO,
  expect,
  expectAccessible,
  personPage,
  signIn,
  test,
  unique,
  shoot,
} from './support/fixtures.ts';

test.describe('collaboration tasks in the browser', () => {
  test('a task created in the browser, assigned across agencies, is moved to done by its assignee in another browser; the creator’s page and the room follow', async ({
    page,
    browser,
    request,
  }) => {
    // Two or three browsers, and axe with screenshots at two sizes on each screen.
    test.slow();
    const title = `부처 협업 점검 ${unique()}`;
    await signIn(page, DEMO.kim);
    await page.goto('/tasks');
    await expect(page.getByRole('heading', { level: 1, name: '협업과제' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: '범위' })).toHaveValue('mine');
    await shoot(page, 'tasks-list');

    await page.getByRole('link', { name: '새 과제 등록' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '새 협업과제' })).toBeVisible();
    // Nothing typed: the title's error is tied to its field and nothing is sent.
    await page.getByRole('button', { name: '과제 등록' }).click();
    await expect(page.getByRole('textbox', { name: '제목' })).toHaveAccessibleDescription(/제목을 입력하세요/);
    await expect(page.getByRole('textbox', { name: '제목' })).toBeFocused();

    await page.getByRole('textbox', { name: '제목' }).fill(title);
    await page.getByRole('textbox', { name: '설명' }).fill('기관별 점검 결과를 모아 주세요.\n둘째 줄');
    await page.getByLabel('기한').fill('2031-03-14T15:00');
    await page.getByRole('combobox', { name: '우선순위' }).selectOption('high');
    // The assignee is found in the directory, in another agency (국민권익위원회).
    await page.getByRole('searchbox', { name: /담당자/ }).fill('이권익');
    await page.getByRole('button', { name: /이권익.*추가/ }).click();
    await expect(page.getByRole('list', { name: '선택한 항목' }).first()).toContainText('이권익');
    await page.getByRole('searchbox', { name: /참여 기관/ }).fill('지역정보');
    await page.getByRole('button', { name: /^한국지역정보개발원.* 추가$/ }).click();
    await page.getByRole('textbox', { name: '체크리스트' }).fill('자료 취합\n검토 의견 정리');
    await shoot(page, 'task-new');
    await page.getByRole('button', { name: '과제 등록' }).click();

    await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
    const taskId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '과제를 등록했습니다' })).toBeVisible();
    const facts = page.getByRole('complementary', { name: '과제 정보' });
    await expect(facts).toContainText('3월 14일 (금) 오후 3:00까지');
    await expect(facts).toContainText('높음');
    await expect(facts).toContainText('국민권익위원회');
    await expect(facts).toContainText('한국지역정보개발원');
    await expect(facts.getByRole('heading', { name: '담당자' }).locator('..')).toContainText('이권익');
    await expect(page.getByRole('checkbox', { name: '자료 취합' })).not.toBeChecked();
    await page.getByRole('checkbox', { name: '자료 취합' }).check();
    await expect(page.getByRole('checkbox', { name: '자료 취합' })).toBeChecked();
    await expect(page.getByRole('heading', { name: /체크리스트/ })).toContainText('1/2 완료');
    await page.getByRole('textbox', { name: '댓글' }).fill('자료는 금요일까지 모읍니다.');
    await page.getByRole('button', { name: '댓글 남기기' }).click();
    await expect(page.getByRole('region', { name: /댓글/ }).getByRole('listitem')).toContainText(
      '자료는 금요일까지 모읍니다.',
    );
    await shoot(page, 'task-detail');

    // The assignee, in a browser of their own, moves the card to done on the board by keyboard.
    const lee = await personPage(browser, DEMO.lee);
    await lee.page.goto('/tasks/board');
    const open = lee.page.getByRole('region', { name: /^대기/ });
    await expect(open.getByRole('link', { name: title })).toBeVisible();
    const toDone = open.getByRole('button', { name: `‘${title}’ 과제를 완료로 옮기기` });
    await toDone.focus();
    await lee.page.keyboard.press('Enter');
    const done = lee.page.getByRole('region', { name: /^완료/ });
    await expect(done.getByRole('link', { name: title })).toBeVisible();
    await expect(done.getByRole('link', { name: title })).toBeFocused();
    await expect(
      lee.page.getByRole('status').filter({ hasText: `‘${title}’ 과제를 ‘완료’(으)로 옮겼습니다.` }),
    ).toBeAttached();
    await shoot(lee.page, 'tasks-board');

    // The creator's open page follows without a reload (task.changed over the socket).
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const statusSection = page.getByRole('region', { name: '상태' });
    await expect(statusSection.getByText('완료', { exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: '변경 이력' })).toContainText(
      '이권익 님이 상태를 ‘대기’에서 ‘완료’(으)로 바꿨습니다.',
    );
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

    // The room, on the messenger's screen: the task bot's creation card, whose link opens the task's
    // page, and the move to done carded into its thread.
    const task = await (await apiAs(request, DEMO.kim)).get<TaskView>(`/tasks/${taskId}`);
    expect(task.roomId).not.toBeNull();
    await page.goto(`/rooms/${task.roomId}`);
    const log = page.getByRole('log', { name: '메시지 목록' });
    const card = log.locator('[data-message-id]').filter({ hasText: `📋 새 과제 / New task: ${title} [${task.ref}]` });
    await expect(card).toBeVisible();
    const link = `${baseURL()}/tasks/${taskId}`;
    await expect(card.getByRole('link', { name: link })).toHaveAttribute('href', link);
    await card.getByRole('button', { name: /^답글 \d+개$/ }).click();
    const thread = page.getByRole('complementary', { name: '스레드' });
    await expect(
      thread
        .locator('[data-message-id]')
        .filter({ hasText: `✅ ${title} [${task.ref}]: 대기 → 완료 (open → done) · 이권익` }),
    ).toBeVisible();
    const opened = page.waitForEvent('popup');
    await card.getByRole('link', { name: link }).click();
    const taskTab = await opened;
    await expect(taskTab.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(taskTab.getByRole('region', { name: '상태' })).toContainText('완료');
    await lee.context.close();
  });

  test('filters: my agency, due soon and overdue; a colleague outside the task reads it, is told why they cannot change or comment, and watches it to join in', async ({
    page,
    request,
  }) => {
    const tag = unique();
    const choi = await apiAs(request, DEMO.choi);
    const hour = 3_600_000;
    const soon = await choi.post<TaskView>('/tasks', {
      title: `곧 마감 ${tag}`,
      dueAt: new Date(Date.now() + 2 * 24 * hour).toISOString(),
    });
    const late = await choi.post<TaskView>('/tasks', {
      title: `기한 지남 ${tag}`,
      dueAt: new Date(Date.now() - hour).toISOString(),
    });
    const jung = await apiAs(request, DEMO.jung);
    const shared = await jung.post<TaskView>('/tasks', { title: `종로 주관 ${tag}`, agencyIds: [choi.me.agency?.id] });

    await signIn(page, DEMO.choi);
    await page.goto('/tasks');
    const list = page.getByRole('list', { name: '과제 목록' });
    await expect(list.getByRole('link', { name: soon.title })).toBeVisible();
    await expect(list.getByRole('link', { name: shared.title })).toHaveCount(0);

    await page.getByRole('combobox', { name: '기한' }).selectOption('soon');
    await expect(list.getByRole('link', { name: soon.title })).toBeVisible();
    await expect(list.getByRole('link', { name: late.title })).toHaveCount(0);
    await expect(page).toHaveURL(/due=soon/);

    await page.getByRole('combobox', { name: '기한' }).selectOption('overdue');
    await expect(list.getByRole('link', { name: late.title })).toBeVisible();
    await expect(list.getByRole('link', { name: soon.title })).toHaveCount(0);
    await expect(list.getByRole('listitem').filter({ hasText: late.title })).toContainText('기한 지남');

    // 서울특별시 takes part in 종로구's task: it is among "my agency's", not "mine".
    await page.getByRole('combobox', { name: '기한' }).selectOption('');
    await page.getByRole('combobox', { name: '범위' }).selectOption('agency');
    await expect(list.getByRole('link', { name: shared.title })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('combobox', { name: '범위' })).toHaveValue('agency');
    await expect(list.getByRole('link', { name: shared.title })).toBeVisible();

    // A reader who is not on it: no status buttons, the reason in words; commenting waits for watching.
    await list.getByRole('link', { name: shared.title }).click();
    await expect(page.getByRole('heading', { level: 1, name: shared.title })).toBeVisible();
    await expect(page.getByRole('region', { name: '상태' })).toContainText(
      '상태는 과제 등록자와 담당자만 바꿀 수 있습니다.',
    );
    await expect(page.getByRole('region', { name: '상태' }).getByRole('button')).toHaveCount(0);
    const comments = page.getByRole('region', { name: /댓글/ });
    await expect(comments).toContainText('관심 등록하면 참여할 수 있습니다.');
    await expect(comments.getByRole('textbox')).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: '관심 등록' }).first().click();
    await expect(page.getByRole('button', { name: '관심 해제' })).toHaveAttribute('aria-pressed', 'true');
    await comments.getByRole('textbox', { name: '댓글' }).fill('서울시 의견 드립니다.');
    await comments.getByRole('button', { name: '댓글 남기기' }).click();
    await expect(comments.getByRole('listitem')).toContainText('서울시 의견 드립니다.');

    // A task nobody may see answers in words, not a blank page.
    await page.goto('/tasks/00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('heading', { level: 1, name: '과제를 찾을 수 없습니다' })).toBeVisible();
  });

  test('a change the server refuses (TASK_NOT_ALLOWED) is said in plain words with what to do', async ({
    page,
    request,
  }) => {
    const kim = await apiAs(request, DEMO.kim);
    const park = await apiAs(request, DEMO.park);
    // Discussed in a room park is not in: once taken off the task, park's page hears nothing more of it.
    const room = await kim.post<{ id: string }>('/rooms', { kind: 'group', name: `권한 확인 ${unique()}` });
    const task = await kim.post<TaskView>('/tasks', {
      title: `권한 확인 ${unique()}`,
      roomId: room.id,
      assigneeIds: [park.me.id],
    });
    await signIn(page, DEMO.park);
    await page.goto(`/tasks/${task.id}`);
    await expect(page.getByRole('button', { name: '진행 시작' })).toBeVisible();
    await kim.delete(`/tasks/${task.id}/assignees/${park.me.id}`);
    await page.getByRole('button', { name: '진행 시작' }).click();
    const refusal = page.getByRole('region', { name: '상태' }).getByRole('alert');
    await expect(refusal).toContainText('과제 등록자와 담당자만 상태를 바꿀 수 있습니다.');
    await expect(refusal).toContainText('등록자나 담당자에게 바꿔 달라고 요청하거나, 담당자로 지정해 달라고 하세요.');
    // The page reads the task again after the refusal: the buttons are gone and the reason stays in words.
    await expect(page.getByRole('region', { name: '상태' })).toContainText(
      '상태는 과제 등록자와 담당자만 바꿀 수 있습니다.',
    );
  });
});
