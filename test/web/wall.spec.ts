import type { Browser, Page } from '@playwright/test';
import { apiAs, baseURL, DEMO, expect, expectAccessible, signIn, test, unique, shoot } from './support/fixtures.ts';

/**
 * What these cases read of the wall API's answers. The full views live in src/wall/wall.service.ts,
 * which this folder's type check cannot load (its imports reach decorated entities).
 */
interface WallView {
  id: string;
  name: string;
}
interface WallPostView {
  id: string;
  body: string;
}

interface Recorded {
  url: string;
  body: string;
}

/** A person's own browser that keeps the body of every HTTP response its page receives, from the sign-in on. */
async function recordingPage(
  browser: Browser,
  login: string,
): Promise<{ page: Page; responses: () => Promise<Recorded[]>; close: () => Promise<void> }> {
  const context = await browser.newContext({ baseURL: baseURL() });
  const page = await context.newPage();
  const pending: Array<Promise<Recorded | null>> = [];
  page.on('response', (response) => {
    pending.push(
      response.body().then(
        (b) => ({ url: response.url(), body: b.toString('utf8') }),
        () => null,
      ),
    );
  });
  await signIn(page, login);
  return {
    page,
    responses: async () => (await Promise.all(pending)).filter((r): r is Recorded => r !== null),
    close: () => context.close(),
  };
}

/** Every response that names one of these (an id, a login, a display name), with where it was. */
function traces(responses: Recorded[], needles: string[], skip: (url: string) => boolean = () => false): string[] {
  return responses.flatMap((r) =>
    skip(r.url) ? [] : needles.filter((n) => r.body.includes(n)).map((n) => `${new URL(r.url).pathname} names ${n}`),
  );
}

test.describe('the wall in the browser', () => {
  test('an anonymous post and comment: no trace of the author in any response the pages received, the author’s own included; a reader reports, a moderator sees it and hides it', async ({
    browser,
    request,
  }) => {
    // Two or three browsers, and axe with screenshots at two sizes on each screen.
    test.slow();
    const admin = await apiAs(request, DEMO.admin);
    const wall = await admin.post<WallView>('/walls', { name: `익명 제안 ${unique()}`, allowAnonymous: true });
    const han = await apiAs(request, DEMO.han);
    const author = [han.me.id, 'han.dong', han.me.displayName];
    const text = `익명 제안 ${unique()}: 회의 자료는 하루 전에 공유하면 좋겠습니다.`;
    const commentText = `익명 댓글 ${unique()}: 동의합니다.`;

    // The author writes anonymously in the browser.
    const writer = await recordingPage(browser, DEMO.han);
    await writer.page.goto(`/wall/${wall.id}`);
    await expect(writer.page.getByRole('heading', { level: 1, name: wall.name })).toBeVisible();
    await writer.page.getByRole('textbox', { name: '내용' }).fill(text);
    await writer.page.getByRole('checkbox', { name: '익명으로 쓰기' }).check();
    await writer.page.getByRole('button', { name: '올리기' }).click();
    await expect(writer.page.getByRole('status').filter({ hasText: '익명으로 글을 올렸습니다.' })).toBeVisible();
    const feed = writer.page.getByRole('list', { name: `${wall.name} 글 목록` });
    const own = feed.getByRole('article').filter({ hasText: text });
    await expect(own.getByRole('heading')).toHaveText('익명 · 내가 쓴 글');
    await own.getByRole('button', { name: '댓글 0' }).click();
    await own.getByRole('textbox', { name: '댓글 쓰기' }).fill(commentText);
    await own.getByRole('checkbox', { name: '익명으로 댓글 쓰기' }).check();
    await own.getByRole('button', { name: '댓글 올리기' }).click();
    await expect(own.getByRole('region', { name: '댓글' })).toContainText(commentText);
    await expect(own.getByRole('button', { name: '댓글 1' })).toBeVisible();
    await shoot(writer.page, 'wall');

    // A reader in another agency likes it, reads the comment and reports the post.
    const reader = await recordingPage(browser, DEMO.kim);
    await reader.page.goto(`/wall/${wall.id}`);
    const seen = reader.page.getByRole('article').filter({ hasText: text });
    await expect(seen.getByRole('heading')).toHaveText('익명');
    await seen.getByRole('button', { name: '좋아요 0' }).click();
    await expect(seen.getByRole('button', { name: '좋아요 1' })).toHaveAttribute('aria-pressed', 'true');
    await seen.getByRole('button', { name: '댓글 1' }).click();
    await expect(seen.getByRole('region', { name: '댓글' })).toContainText(commentText);
    await seen.getByRole('button', { name: '신고' }).first().click();
    await seen.getByRole('textbox', { name: '글 신고 사유' }).fill('업무와 관계없는 내용입니다.');
    await seen.getByRole('button', { name: '신고하기' }).click();
    await expect(seen.getByRole('status').filter({ hasText: '신고했습니다.' })).toBeVisible();

    // The moderator (a system administrator) sees the report, still without the author, and hides the post.
    const moderator = await recordingPage(browser, DEMO.admin);
    await moderator.page.goto('/wall/reports');
    const reported = moderator.page
      .getByRole('article', { name: `${wall.name}의 신고된 글` })
      .filter({ hasText: text });
    await expect(reported).toContainText('익명');
    await expect(reported).toContainText('신고 1건');
    await expect(reported.getByRole('list', { name: '신고 사유' })).toContainText('업무와 관계없는 내용입니다.');
    await shoot(moderator.page, 'wall-reports');
    await reported.getByRole('button', { name: '숨기기' }).click();
    await expect(reported).toContainText('숨김');
    await moderator.page.goto(`/wall/${wall.id}`);
    const moderated = moderator.page.getByRole('article').filter({ hasText: text });
    await expect(moderated).toContainText('숨김');
    await expect(moderated).toContainText('신고 1건');
    await moderated.getByRole('button', { name: '댓글 1' }).click();
    await expect(moderated.getByRole('region', { name: '댓글' })).toContainText(commentText);

    // Hidden: the reader no longer sees it.
    await reader.page.reload();
    await expect(reader.page.getByRole('heading', { level: 1, name: wall.name })).toBeVisible();
    await expect(reader.page.getByRole('article').filter({ hasText: text })).toHaveCount(0);

    // Not one response to the reader or the moderator names the author; the author's own page
    // hears of them only in their profile and sign-in (which are theirs), never with the post.
    const fromReader = await reader.responses();
    const fromModerator = await moderator.responses();
    const fromWriter = await writer.responses();
    for (const responses of [fromReader, fromModerator, fromWriter])
      expect(responses.some((r) => r.body.includes(text))).toBe(true);
    expect(fromModerator.some((r) => new URL(r.url).pathname === '/wall-reports' && r.body.includes(text))).toBe(true);
    expect(fromReader.some((r) => r.url.includes('/comments') && r.body.includes(commentText))).toBe(true);
    expect(traces(fromReader, author)).toEqual([]);
    expect(traces(fromModerator, author)).toEqual([]);
    expect(
      traces(fromWriter, author, (url) => ['/me', '/auth/login', '/auth/refresh'].includes(new URL(url).pathname)),
    ).toEqual([]);
    // And the API itself, asked directly, names nobody either.
    const { posts } = await admin.get<{ posts: WallPostView[] }>(`/walls/${wall.id}/posts`);
    expect(posts.find((p) => p.body === text)).toMatchObject({
      author: null,
      anonymous: true,
      mine: false,
      moderation: { hidden: true, reports: 1 },
    });
    await Promise.all([writer.close(), reader.close(), moderator.close()]);
  });

  test('newest and popular feeds page by cursor; named posts show their author; a wall without anonymity offers none', async ({
    page,
    request,
  }) => {
    const admin = await apiAs(request, DEMO.admin);
    const wall = await admin.post<WallView>('/walls', { name: `정책 아이디어 ${unique()}`, allowAnonymous: false });
    const choi = await apiAs(request, DEMO.choi);
    const jung = await apiAs(request, DEMO.jung);
    const posts: WallPostView[] = [];
    for (let i = 1; i <= 23; i += 1)
      posts.push(
        await choi.post<WallPostView>(`/walls/${wall.id}/posts`, { body: `아이디어 ${String(i).padStart(2, '0')}` }),
      );
    // The oldest post is the most liked: first in "popular", last in "newest".
    await jung.put(`/wall-posts/${posts[0].id}/like`, { on: true });
    await admin.put(`/wall-posts/${posts[0].id}/like`, { on: true });
    await jung.post(`/wall-posts/${posts[1].id}/comments`, { body: '좋습니다' });

    await signIn(page, DEMO.kim);
    await page.goto('/wall');
    await expect(
      page.getByRole('navigation', { name: '담벼락 목록' }).getByRole('link', { name: /범정부 담벼락/ }),
    ).toHaveAttribute('aria-current', 'page');
    await page
      .getByRole('navigation', { name: '담벼락 목록' })
      .getByRole('link', { name: new RegExp(wall.name) })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: wall.name })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: '익명으로 쓰기' })).toHaveCount(0);
    const feed = page.getByRole('list', { name: `${wall.name} 글 목록` });
    const bodies = () => feed.locator(':scope > li article .wall-post__body');
    await expect(bodies()).toHaveCount(20);
    await expect(bodies().first()).toHaveText('아이디어 23');
    await expect(feed.getByRole('article').first().getByRole('heading')).toHaveText('최서울 · 서울특별시');
    await page.getByRole('button', { name: '더 보기' }).click();
    await expect(bodies()).toHaveCount(23);
    await expect(bodies().last()).toHaveText('아이디어 01');
    await expect(page.getByRole('button', { name: '더 보기' })).toHaveCount(0);

    await page.getByRole('button', { name: '인기순' }).click();
    await expect(page.getByRole('button', { name: '인기순' })).toHaveAttribute('aria-pressed', 'true');
    await expect(bodies().first()).toHaveText('아이디어 01');
    await expect(bodies().nth(1)).toHaveText('아이디어 02');
    await expect(page).toHaveURL(/order=popular/);
    await expect(feed.getByRole('article').first().getByRole('button', { name: '좋아요 2' })).toBeVisible();

    // Writing here carries the name.
    await page.getByRole('textbox', { name: '내용' }).fill('기관 간 자료 공유 양식을 통일합시다.');
    await page.getByRole('button', { name: '올리기' }).click();
    await expect(page.getByRole('status').filter({ hasText: '글을 올렸습니다.' })).toBeVisible();
    await page.getByRole('button', { name: '최신순' }).click();
    const mine = feed.getByRole('article').first();
    await expect(mine).toContainText('기관 간 자료 공유 양식을 통일합시다.');
    await expect(mine.getByRole('heading')).toHaveText('김행안 · 행정안전부');
    await mine.getByRole('button', { name: '삭제' }).click();
    await mine.getByRole('group', { name: '이 글을 삭제할까요?' }).getByRole('button', { name: '삭제' }).click();
    await expect(feed.getByRole('article').filter({ hasText: '기관 간 자료 공유 양식을 통일합시다.' })).toHaveCount(0);
    await expectAccessible(page);
  });
});
