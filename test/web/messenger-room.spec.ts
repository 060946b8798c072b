import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import {
  apiAs,
  baseURL,
  DEMO,
  expect,
  expectAccessible,
  personPage,
  screenshot,
  test,
  unique,
  type ApiAs,
} from './support/fixtures.ts';

interface Room {
  id: string;
  name: string;
}
interface Message {
  id: string;
  seq: string;
  body: string;
  threadRootId: string | null;
}

/** A collaboration room of two agencies: kim (행정안전부) and lee (국민권익위원회). */
async function collaboration(
  request: APIRequestContext,
  name = `협업 ${unique()}`,
): Promise<{ kim: ApiAs; lee: ApiAs; room: Room }> {
  const kim = await apiAs(request, DEMO.kim);
  const lee = await apiAs(request, DEMO.lee);
  const room = await kim.post<Room>('/rooms', {
    kind: 'collaboration',
    name,
    topic: '부처간 자료 협의',
    userIds: [lee.me.id],
  });
  return { kim, lee, room };
}

const log = (page: Page) => page.getByRole('log', { name: '메시지 목록' });
const composer = (page: Page) => page.getByRole('textbox', { name: '메시지 입력', exact: true });
/** The message whose text is exactly this, in a list. */
const message = (list: Locator, text: string) =>
  list.locator('[data-message-id]').filter({ has: list.page().getByText(text, { exact: true }) });

async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

let sent = 0;
const cid = () => `spec-${unique()}-${sent++}`;

test.describe('the room', () => {
  test('two people of two agencies talk: messages both ways, a thread, a reaction, a file byte for byte, read by changing live', async ({
    browser,
    request,
  }) => {
    const { room, lee } = await collaboration(request);
    const a = await personPage(browser, DEMO.kim);
    const b = await personPage(browser, DEMO.lee);

    await a.page.goto(`/rooms/${room.id}`);
    await expect(a.page.getByRole('heading', { level: 1, name: room.name })).toBeVisible();
    await expect(a.page.getByRole('main').getByText('협업 대화방', { exact: true })).toBeVisible();
    await expect(a.page.getByRole('button', { name: '참여자 2명' })).toBeVisible();

    // B is elsewhere: A's message is read by nobody yet.
    await send(a.page, '안녕하세요, 자료 공유드립니다. https://www.korea.kr 참고');
    const first = message(log(a.page), '안녕하세요, 자료 공유드립니다. https://www.korea.kr 참고');
    await expect(first).toHaveAttribute('data-seq', /^\d+$/);
    await expect(first.getByRole('button', { name: '읽음 0/1' })).toBeVisible();
    await expect(first.getByRole('link', { name: 'https://www.korea.kr' })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
    await expect(composer(a.page)).toHaveValue('');

    // B opens the room: the message is there, and A sees it read without reloading.
    await b.page.goto(`/rooms/${room.id}`);
    await expect(message(log(b.page), '안녕하세요, 자료 공유드립니다. https://www.korea.kr 참고')).toBeVisible();
    await expect(first.getByRole('button', { name: '읽음 1/1' })).toBeVisible();
    await first.getByRole('button', { name: '읽음 1/1' }).click();
    const readers = a.page.getByRole('dialog', { name: '읽은 사람' });
    await expect(readers.getByText('1명 중 1명 읽음')).toBeVisible();
    await expect(readers.getByRole('listitem').filter({ hasText: lee.me.displayName })).toBeVisible();
    await readers.getByRole('button', { name: '닫기' }).click();

    await send(b.page, '확인했습니다.');
    await expect(message(log(a.page), '확인했습니다.')).toBeVisible();
    // Read out once, through the polite live region (not the whole list again).
    await expect(
      a.page.locator('[aria-live="polite"]').getByText('이권익: 확인했습니다.', { exact: true }),
    ).toBeAttached();
    await expect(message(log(a.page), '확인했습니다.').getByText('국민권익위원회')).toBeVisible();

    // A thread: B answers A's message in the side panel; A sees the reply count move and the reply.
    const bFirst = message(log(b.page), '안녕하세요, 자료 공유드립니다. https://www.korea.kr 참고');
    await bFirst.hover();
    await bFirst.getByRole('button', { name: '스레드에서 답글' }).click();
    const bThread = b.page.getByRole('complementary', { name: '스레드' });
    await bThread.getByRole('textbox', { name: '답글 입력' }).fill('스레드에서 답합니다.');
    await bThread.getByRole('textbox', { name: '답글 입력' }).press('Enter');
    await expect(message(bThread, '스레드에서 답합니다.')).toBeVisible();
    await expect(first.getByRole('button', { name: '답글 1개' })).toBeVisible();
    await first.getByRole('button', { name: '답글 1개' }).click();
    const aThread = a.page.getByRole('complementary', { name: '스레드' });
    await expect(message(aThread, '스레드에서 답합니다.')).toBeVisible();
    await aThread.getByRole('button', { name: '스레드 닫기' }).click();
    await expect(aThread).toBeHidden();

    // A reaction from A on B's message, seen by B.
    const reply = message(log(a.page), '확인했습니다.');
    await reply.hover();
    await reply.getByRole('button', { name: '반응 추가' }).click();
    await a.page.getByRole('button', { name: '👍 반응' }).click();
    await expect(reply.getByRole('button', { name: /^👍 1 · / })).toHaveAttribute('aria-pressed', 'true');
    await expect(message(log(b.page), '확인했습니다.').getByRole('button', { name: /^👍 1 · / })).toHaveAttribute(
      'aria-pressed',
      'false',
    );

    // A file, chosen with the file button: it uploads with its progress, goes with Enter, and B
    // downloads the same bytes.
    const bytes = randomBytes(200_000);
    const chooser = a.page.waitForEvent('filechooser');
    await a.page.getByRole('button', { name: '파일 첨부' }).click();
    await (await chooser).setFiles({ name: '협의 자료 초안.hwp', mimeType: 'application/octet-stream', buffer: bytes });
    await expect(a.page.getByText('올림')).toBeVisible();
    await composer(a.page).press('Enter');
    const bFile = log(b.page).locator('[data-message-id]').filter({ hasText: '협의 자료 초안.hwp' });
    await expect(bFile).toBeVisible();
    const download = b.page.waitForEvent('download');
    await bFile.getByRole('button', { name: '협의 자료 초안.hwp 내려받기' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('협의 자료 초안.hwp');
    expect(Buffer.compare(await readFile(await saved.path()), bytes)).toBe(0);

    await expectAccessible(a.page);
    await screenshot(a.page, 'messenger-room');
    await a.page.setViewportSize({ width: 375, height: 812 });
    await expect(composer(a.page)).toBeVisible();
    await expectAccessible(a.page);
    await screenshot(a.page, 'messenger-room');
    await a.context.close();
    await b.context.close();
  });

  test('Hangul: Enter while the IME composes never sends; the committed text goes once, whole; Shift+Enter is a new line', async ({
    browser,
    request,
  }) => {
    const { kim, room } = await collaboration(request);
    const a = await personPage(browser, DEMO.kim);
    await a.page.goto(`/rooms/${room.id}`);
    const box = composer(a.page);
    await box.click();
    const cdp = await a.page.context().newCDPSession(a.page);
    // 안녕하세요: the last syllable is still being composed when Enter is pressed.
    await cdp.send('Input.insertText', { text: '안녕하세' });
    await cdp.send('Input.imeSetComposition', { text: '요', selectionStart: 1, selectionEnd: 1 });
    await a.page.keyboard.press('Enter');
    await expect(box).toHaveValue('안녕하세요');
    await cdp.send('Input.insertText', { text: '요' });
    await expect(box).toHaveValue('안녕하세요');
    await a.page.keyboard.press('Enter');
    await expect(message(log(a.page), '안녕하세요')).toBeVisible();
    await expect(box).toHaveValue('');

    // A whole word composed, then committed by the IME itself.
    await cdp.send('Input.imeSetComposition', { text: '감사합니다', selectionStart: 5, selectionEnd: 5 });
    await a.page.keyboard.press('Enter');
    await cdp.send('Input.insertText', { text: '감사합니다' });
    await a.page.keyboard.press('Enter');
    await expect(message(log(a.page), '감사합니다')).toBeVisible();

    await box.pressSequentially('첫 줄');
    await box.press('Shift+Enter');
    await box.pressSequentially('둘째 줄');
    await box.press('Enter');
    await expect(message(log(a.page), '첫 줄\n둘째 줄')).toBeVisible();

    // Exactly these three, each once, and nothing cut short.
    const stored = await kim.get<Message[]>(`/rooms/${room.id}/messages`);
    expect(stored.map((m) => m.body)).toEqual(['안녕하세요', '감사합니다', '첫 줄\n둘째 줄']);
    await a.context.close();
  });

  test('no gaps after a reconnect: B goes offline, A sends 50, edits, deletes and reacts; B comes back with all 50 in order, none twice, and every change', async ({
    browser,
    request,
  }) => {
    const { kim, room } = await collaboration(request);
    // Tall enough for all of them to be in the DOM at once (the list is virtualised).
    const b = await personPage(browser, DEMO.lee, { viewport: { width: 1280, height: 3200 } });
    await b.page.goto(`/rooms/${room.id}`);
    const early = await kim.post<Message>(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '끊기기 전' });
    const doomed = await kim.post<Message>(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '지울 글' });
    await expect(message(log(b.page), '지울 글')).toBeVisible();

    await b.context.setOffline(true);
    // The socket has really dropped: the app says so.
    await expect(b.page.getByText('연결이 끊겼습니다. 다시 연결하는 중…')).toBeVisible();
    for (let i = 1; i <= 50; i++)
      await kim.post(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body: `오프라인 중 ${i}번` });
    // Older than the newest page, so only the change feed brings these.
    await kim.patch(`/messages/${early.id}`, { body: '끊기기 전 (고침)' });
    await kim.delete(`/messages/${doomed.id}`);
    await kim.put(`/messages/${early.id}/reactions/${encodeURIComponent('👍')}`);
    await b.context.setOffline(false);
    await expect(b.page.getByText('연결이 끊겼습니다. 다시 연결하는 중…')).toBeHidden({ timeout: 30_000 });

    const expected = [
      '끊기기 전 (고침)',
      '삭제된 메시지입니다.',
      ...Array.from({ length: 50 }, (_, i) => `오프라인 중 ${i + 1}번`),
    ];
    const bodies = () => log(b.page).locator('[data-message-id] .message__body').allInnerTexts();
    await expect.poll(bodies, { timeout: 30_000 }).toEqual(expected);
    const seqs = await log(b.page)
      .locator('[data-message-id]')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(52);
    await expect(message(log(b.page), '끊기기 전 (고침)').getByRole('button', { name: /^👍 1 · / })).toBeVisible();
    // And live delivery goes on.
    await kim.post(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '다시 연결된 뒤' });
    await expect.poll(bodies).toEqual([...expected, '다시 연결된 뒤']);
    await b.context.close();
  });

  test('/task typed in the browser: completion and usage while typing, the task is created, the bot answers; a command that asks first is confirmed with a button', async ({
    browser,
    request,
  }) => {
    const { kim, room } = await collaboration(request);
    const a = await personPage(browser, DEMO.kim);
    const b = await personPage(browser, DEMO.lee);
    await a.page.goto(`/rooms/${room.id}`);
    await b.page.goto(`/rooms/${room.id}`);
    const box = composer(a.page);

    await box.fill('/과');
    const options = a.page.getByRole('listbox', { name: '제안 목록' });
    await expect(options.getByRole('option', { name: /\/과제/ })).toBeVisible();
    await box.press('Tab');
    await expect(box).toHaveValue('/과제 ');
    // Its subcommands are offered; typing a title instead shows how the command is used.
    await expect(options.getByRole('option', { name: /목록/ })).toBeVisible();
    await box.pressSequentially('"');
    await expect(options).toBeHidden();
    await expect(
      a.page.getByText('/task "<title>" [@people @agencies] [due] [due:<when>] [priority:high]'),
    ).toBeVisible();
    await expect(a.page.getByText('/과제 "보도자료 초안" @lee.mois 내일까지')).toBeVisible();

    // People complete by their Korean name; Enter takes the suggestion, the next Enter sends.
    const title = `보고서 취합 ${unique()}`;
    await box.fill(`/task "${title}" @이권`);
    await expect(options.getByRole('option', { name: /이권익/ })).toBeVisible();
    await box.press('Enter');
    await expect(box).toHaveValue(`/task "${title}" @${DEMO.lee} `);
    await expect(options).toBeHidden();
    await box.press('Enter');
    const command = message(log(a.page), `/task "${title}" @${DEMO.lee}`);
    const only = command.getByText('나에게만 표시됨');
    await expect(only).toBeVisible({ timeout: 30_000 });
    await expect(command.getByText(`과제를 등록했습니다: ${title}`)).toBeVisible();
    // The bot's card is in the room for both; the private answer is not in B's.
    await expect(log(a.page).locator('.message--bot').filter({ hasText: title })).toBeVisible({ timeout: 30_000 });
    await expect(log(b.page).locator('.message--bot').filter({ hasText: title })).toBeVisible();
    await expect(b.page.getByText(`과제를 등록했습니다: ${title}`)).toBeHidden();
    const tasks = await kim.get<{ tasks: Array<{ id: string; title: string; status: string }> }>(
      `/tasks?scope=room&roomId=${room.id}`,
    );
    const task = tasks.tasks.find((t) => t.title === title);
    expect(task?.status).toBe('open');

    // Cancelling asks first; Confirm sends /확인 with the code and the task is cancelled.
    await send(a.page, `/task cancel ${task!.id.slice(0, 8)}`);
    const ask = message(log(a.page), `/task cancel ${task!.id.slice(0, 8)}`);
    await expect(ask.getByText('이 과제를 취소하고 관련된 모두에게 알릴까요?')).toBeVisible({ timeout: 30_000 });
    await ask.getByRole('button', { name: '확인' }).click();
    await expect
      .poll(async () => (await kim.get<{ status: string }>(`/tasks/${task!.id}`)).status, { timeout: 30_000 })
      .toBe('cancelled');
    await expect(ask.getByRole('button', { name: '확인' })).toBeHidden();
    await a.context.close();
    await b.context.close();
  });

  test('an image dropped on the room uploads with its progress and shows as a preview to the other person', async ({
    browser,
    request,
  }) => {
    const { room } = await collaboration(request);
    const a = await personPage(browser, DEMO.kim);
    const b = await personPage(browser, DEMO.lee);
    await a.page.goto(`/rooms/${room.id}`);
    await b.page.goto(`/rooms/${room.id}`);
    await expect(composer(a.page)).toBeVisible();
    // A real PNG: a picture of the page itself.
    const png = await a.page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 180 } });
    const dataTransfer = await a.page.evaluateHandle(
      ({ base64, name }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name, { type: 'image/png' }));
        return transfer;
      },
      { base64: png.toString('base64'), name: '현장 사진.png' },
    );
    await log(a.page).dispatchEvent('dragenter', { dataTransfer });
    await expect(a.page.getByText('여기에 파일을 놓으면 이 대화방에 올립니다')).toBeVisible();
    await log(a.page).dispatchEvent('drop', { dataTransfer });
    await expect(a.page.getByText('여기에 파일을 놓으면 이 대화방에 올립니다')).toBeHidden();
    await expect(a.page.getByText('올림')).toBeVisible();
    await send(a.page, '현장 사진입니다');
    const preview = message(log(b.page), '현장 사진입니다').getByRole('img', { name: '현장 사진.png 미리보기' });
    await expect(preview).toBeVisible();
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    // Fetched with the token as a blob: no token or file URL in the page.
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await a.context.close();
    await b.context.close();
  });

  test('a link to a message opens the history around it, marked and focused; arrow keys move between messages; a link to a reply opens its thread', async ({
    browser,
    request,
  }) => {
    const { kim, lee, room } = await collaboration(request);
    const posted: Message[] = [];
    for (let i = 1; i <= 120; i++)
      posted.push(await kim.post<Message>(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body: `기록 ${i}` }));
    const target = posted[39];
    const a = await personPage(browser, DEMO.kim);
    await a.page.goto(`/rooms/${room.id}?message=${target.id}`);
    const marked = log(a.page).locator(`[data-message-id="${target.id}"]`);
    await expect(marked).toHaveAttribute('data-highlighted', 'true');
    await expect(marked).toBeFocused();
    await expect(marked).toHaveAttribute('data-seq', target.seq);
    // The newest is not loaded: the window is around the link.
    await expect(log(a.page).locator(`[data-message-id="${posted[119].id}"]`)).toHaveCount(0);

    await a.page.keyboard.press('ArrowUp');
    await expect(log(a.page).locator(`[data-message-id="${posted[38].id}"]`)).toBeFocused();
    await a.page.keyboard.press('ArrowDown');
    await a.page.keyboard.press('ArrowDown');
    await expect(log(a.page).locator(`[data-message-id="${posted[40].id}"]`)).toBeFocused();
    // Tab goes from the message into its actions.
    await a.page.keyboard.press('Tab');
    await expect(
      log(a.page).locator(`[data-message-id="${posted[40].id}"]`).getByRole('button', { name: '반응 추가' }),
    ).toBeFocused();
    await a.page.keyboard.press('Escape');
    await expect(composer(a.page)).toBeFocused();

    await a.page.getByRole('button', { name: '최신 메시지로' }).click();
    await expect(message(log(a.page), '기록 120')).toBeVisible();
    await expect(a.page).not.toHaveURL(/message=/);

    // A reply in a thread: its thread opens beside the room with the reply marked.
    const root = posted[79];
    const reply = await lee.post<Message>(`/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body: '스레드 속 답글',
      threadRootId: root.id,
    });
    await a.page.goto(`/rooms/${room.id}?message=${reply.id}`);
    const thread = a.page.getByRole('complementary', { name: '스레드' });
    const markedReply = thread.locator(`[data-message-id="${reply.id}"]`);
    await expect(markedReply).toHaveAttribute('data-highlighted', 'true');
    await expect(markedReply).toBeFocused();
    await expect(log(a.page).locator(`[data-message-id="${root.id}"]`)).toBeVisible();
    await expectAccessible(a.page);
    await screenshot(a.page, 'messenger-room-thread');
    await a.context.close();
  });

  test('an XSS corpus in messages, a room name and topic, a display name and a file name shows as text and runs nothing', async ({
    browser,
    request,
  }) => {
    const u = unique();
    const payloads = [
      `<script>window.__xss = 'script'; alert('script')</script>`,
      `<img src=x onerror="window.__xss = 'img'; alert('img')">`,
      `<svg onload="window.__xss = 'svg'"><script>window.__xss = 'svg-script'</script></svg>`,
      `javascript:window.__xss='url';alert(1)`,
      `<a href="javascript:window.__xss='a'">눌러 보세요</a>`,
      `[눌러 보세요](javascript:window.__xss='md')`,
      `"><iframe srcdoc="<script>parent.__xss='iframe'</script>"></iframe>`,
      `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='math'">`,
      `data:text/html,<script>alert('data')</script>`,
    ];
    // A colleague whose directory name is a payload (written the way another system would).
    const evilName = `<img src=x onerror="window.__xss='name'">${u}`;
    const db = new pg.Client({ connectionString: process.env.IEUM_WEB_DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO users (kind, login, display_name, agency_id, roles, password_hash)
         SELECT 'staff', $1, $2, agency_id, '{member}', password_hash FROM users WHERE login = $3`,
        [`xss.${u}`, evilName, DEMO.kim],
      );
    } finally {
      await db.end();
    }
    const kim = await apiAs(request, DEMO.kim);
    const evil = await apiAs(request, `xss.${u}`);
    const roomName = `<script>window.__xss='room'</script>${u}`;
    const topic = `<img src=x onerror="window.__xss='topic'">`;
    const room = await kim.post<Room>('/rooms', {
      kind: 'collaboration',
      name: roomName,
      topic,
      userIds: [evil.me.id],
    });
    for (const body of payloads) await kim.post(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body });
    await evil.post(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '제 이름을 보세요' });
    const fileName = `<img src=x onerror="window.__xss='file'">.txt`;
    const upload = await request.post(`${baseURL()}/rooms/${room.id}/files?name=${encodeURIComponent(fileName)}`, {
      headers: { Authorization: `Bearer ${kim.token}`, 'Content-Type': 'application/octet-stream' },
      data: Buffer.from('파일 내용'),
    });
    expect(upload.ok(), await upload.text()).toBeTruthy();
    const file = (await upload.json()) as { id: string };
    await kim.post(`/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '', fileIds: [file.id] });

    const a = await personPage(browser, DEMO.kim, { viewport: { width: 1280, height: 2400 } });
    const dialogs: string[] = [];
    a.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await a.page.goto(`/rooms/${room.id}`);
    await expect(a.page.getByRole('heading', { level: 1, name: roomName })).toBeVisible();
    await expect(a.page.getByRole('main').getByText(topic, { exact: true })).toBeVisible();
    for (const body of payloads) await expect(message(log(a.page), body)).toBeVisible();
    await expect(message(log(a.page), '제 이름을 보세요').getByText(evilName, { exact: true })).toBeVisible();
    await expect(log(a.page).getByText(fileName, { exact: true })).toBeVisible();
    // Only the http(s) link became a link; nothing else turned into markup.
    const main = a.page.getByRole('main');
    await expect(main.locator('a[href^="javascript:"], a[href^="data:"]')).toHaveCount(0);
    await expect(main.locator('script, iframe, img[src="x"], [onerror], [onload]')).toHaveCount(0);
    expect(await a.page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await a.context.close();
  });

  test('edit and delete by keyboard alone; the other person sees both live; the room in English', async ({
    browser,
    request,
  }) => {
    const { room } = await collaboration(request);
    const a = await personPage(browser, DEMO.kim);
    const b = await personPage(browser, DEMO.lee);
    await a.page.goto(`/rooms/${room.id}`);
    await b.page.goto(`/rooms/${room.id}`);
    await send(a.page, '초안 검토 부탁드립니다');
    await send(a.page, '잘못 보낸 메시지');
    await expect(message(log(b.page), '잘못 보낸 메시지')).toBeVisible();

    // From the composer, Shift+Tab (past the file button) reaches the history, one stop; the arrows
    // pick a message, Tab its actions.
    await composer(a.page).focus();
    await a.page.keyboard.press('Shift+Tab');
    await expect(a.page.getByRole('button', { name: '파일 첨부' })).toBeFocused();
    await a.page.keyboard.press('Shift+Tab');
    const latest = message(log(a.page), '잘못 보낸 메시지');
    await expect(latest).toBeFocused();
    await a.page.keyboard.press('ArrowUp');
    const draft = message(log(a.page), '초안 검토 부탁드립니다');
    await expect(draft).toBeFocused();
    await a.page.keyboard.press('Tab');
    await expect(draft.getByRole('button', { name: '반응 추가' })).toBeFocused();
    await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('ArrowRight');
    await expect(draft.getByRole('button', { name: '수정' })).toBeFocused();
    await a.page.keyboard.press('Enter');
    const editor = a.page.getByRole('textbox', { name: '메시지 수정' });
    await expect(editor).toBeFocused();
    await editor.press('End');
    await editor.pressSequentially(' (최종)');
    await editor.press('Enter');
    await expect(message(log(b.page), '초안 검토 부탁드립니다 (최종)').getByText('(수정됨)')).toBeVisible();
    await expect(message(log(a.page), '초안 검토 부탁드립니다 (최종)')).toBeFocused();

    await a.page.keyboard.press('ArrowDown');
    await expect(latest).toBeFocused();
    await a.page.keyboard.press('Tab');
    for (let i = 0; i < 4; i++) await a.page.keyboard.press('ArrowRight');
    await expect(latest.getByRole('button', { name: '삭제' })).toBeFocused();
    await a.page.keyboard.press('Enter');
    await expect(latest.getByRole('button', { name: '취소' })).toBeFocused();
    await a.page.keyboard.press('Shift+Tab');
    await a.page.keyboard.press('Enter');
    await expect(log(b.page).getByText('삭제된 메시지입니다.')).toBeVisible();
    await expect(log(b.page).getByText('잘못 보낸 메시지')).toHaveCount(0);

    await b.page.getByRole('button', { name: /English/ }).click();
    await expect(b.page.getByRole('log', { name: 'Messages' })).toBeVisible();
    await expect(b.page.getByRole('textbox', { name: 'Message', exact: true })).toBeVisible();
    await expect(b.page.getByText('This message was deleted.')).toBeVisible();
    await expectAccessible(b.page);
    await b.page.getByRole('button', { name: /한국어/ }).click();
    await a.context.close();
    await b.context.close();
  });
});
