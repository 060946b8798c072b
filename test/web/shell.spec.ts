import { randomUUID } from 'node:crypto';
import { DEMO, expect, expectAccessible, screenshot, signIn, test } from './support/fixtures.ts';

test.describe('the client on the API origin', () => {
  test('npm start’s URL opens the sign-in page, and the demo login reaches the messenger', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('heading', { name: '로그인' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'login');
    await signIn(page, DEMO.admin);
    await expect(page).toHaveURL(/\/rooms/);
    await expect(page.getByRole('navigation', { name: '주 메뉴' })).toBeVisible();
  });

  test('every mailed link opens a page in a browser, while the API keeps answering JSON', async ({
    page,
    request,
    baseURL,
  }) => {
    const id = randomUUID();
    for (const link of [
      `/tasks/${id}`,
      `/memos/${id}`,
      `/meetings/${id}`,
      `/rooms/${id}?message=${id}`,
      '/meetings/guest/abc_DEF-123',
      '/consult/confirm/abc_DEF-123',
      '/consult/manage/abc.DEF-123',
    ]) {
      const response = await page.goto(link);
      expect(response?.headers()['content-type'], link).toContain('text/html');
      expect(response?.headers()['content-security-policy'], link).toContain("script-src 'self'");
      expect(response?.headers()['referrer-policy'], link).toBe('no-referrer');
      await expect(page.locator('h1').first(), link).toBeVisible();
    }
    const api = await request.get(`${baseURL}/tasks/${id}`, { headers: { Accept: 'application/json' } });
    expect(api.status()).toBe(401);
    expect((await api.json()) as { code: string }).toHaveProperty('code');
    const docs = await request.get(`${baseURL}/api/docs/openapi.json`);
    expect(docs.ok()).toBeTruthy();
    const health = await request.get(`${baseURL}/health`, { headers: { Accept: 'text/html' } });
    expect(health.headers()['content-type']).toContain('application/json');
  });

  test('the refresh token stays out of page scripts, a reload keeps the session, and signing out ends it in every tab', async ({
    page,
    context,
  }) => {
    await signIn(page, DEMO.kim);
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'ieum_rt');
    expect(refresh?.httpOnly).toBe(true);
    expect(refresh?.sameSite).toBe('Strict');
    expect(await page.evaluate(() => document.cookie)).not.toContain('ieum_rt');
    expect(
      await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })),
    ).not.toMatch(/eyJ|ieum_rt/);

    await page.reload();
    await expect(page.getByRole('button', { name: '로그아웃' })).toBeVisible();

    const other = await context.newPage();
    await other.goto('/rooms');
    await expect(other.getByRole('button', { name: '로그아웃' })).toBeVisible();

    await page.getByRole('button', { name: '로그아웃' }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(other).toHaveURL(/\/login/);
    await other.reload();
    await expect(other).toHaveURL(/\/login/);
  });

  test('the interface switches to English and back', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: /한국어/ }).click();
    await expect(page.getByRole('heading', { name: '로그인' })).toBeVisible();
  });
});
