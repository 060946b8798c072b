import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestIdp, type TestIdp } from '../utils/test-idp.ts';
import { freePort, ready } from './support/global-setup.ts';
import { DEMO, expect, expectAccessible, test } from './support/fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Single sign-on in a real browser: a second API node of the run's database, configured for a real
 * OpenID provider (oidc-provider) started here, with password sign-in turned off. The run's own
 * server stays as it is (no SSO) for every other spec.
 */
test.describe('single sign-on', () => {
  let idp: TestIdp;
  let server: ChildProcess | undefined;
  let ssoBase = '';

  test.beforeAll(async () => {
    const port = await freePort();
    ssoBase = `http://127.0.0.1:${port}`;
    const secret = randomBytes(24).toString('hex');
    idp = await startTestIdp([
      {
        clientId: 'ieum-web',
        clientSecret: secret,
        redirectUri: `${ssoBase}/auth/sso/callback`,
        postLogoutRedirectUri: `${ssoBase}/login`,
      },
    ]);
    idp.accounts.set('gov-0001', { preferred_username: DEMO.kim, name: '김행안' });
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: process.env.IEUM_WEB_DATABASE_URL ?? '',
      REDIS_URL: process.env.IEUM_WEB_REDIS_URL ?? '',
      BUS_PREFIX: `s${randomBytes(4).toString('hex')}`,
      IEUM_ROLES: 'api',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: ssoBase,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'ieum-web',
      OIDC_CLIENT_SECRET: secret,
      PASSWORD_LOGIN_ENABLED: 'false',
    };
    let printed = '';
    server = spawn(
      process.execPath,
      ['--enable-source-maps', path.join(root, process.env.IEUM_BUILD_DIR ?? 'dist', 'src/main.js')],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout?.on('data', (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-20_000)));
    server.stderr?.on('data', (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-20_000)));
    await ready(ssoBase, server, () => printed);
  });

  test.afterAll(async () => {
    const child = server;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    await idp?.close();
  });

  test('the sign-in page offers only SSO; the provider signs a directory person in and out', async ({ page }) => {
    await page.goto(`${ssoBase}/login`);
    const button = page.getByRole('link', { name: '통합 인증(SSO)으로 로그인' });
    await expect(button).toBeVisible();
    await expect(page.getByText('이 서버에서는 통합 인증(SSO)으로만 로그인할 수 있습니다.')).toBeVisible();
    await expect(page.getByLabel('비밀번호')).toHaveCount(0);
    await expectAccessible(page);

    await button.click();
    // The provider's own (development) login and consent pages.
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill('gov-0001');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page).toHaveURL(`${ssoBase}/rooms`);
    await expect(page.getByRole('navigation', { name: '주 메뉴' })).toBeVisible();
    await expect(page.getByText('김행안', { exact: true }).first()).toBeVisible();

    await page.getByRole('button', { name: '로그아웃' }).click();
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(`${ssoBase}/login`);
    await expect(page.getByRole('link', { name: '통합 인증(SSO)으로 로그인' })).toBeVisible();
    // The session is over: the page stays on sign-in after a reload.
    await page.goto(`${ssoBase}/rooms`);
    await expect(page).toHaveURL(/\/login/);
  });

  test('in English, and the run server without SSO keeps the password form alone', async ({ page }) => {
    await page.goto(`${ssoBase}/login?lang=en`);
    await expect(page.getByRole('link', { name: 'Sign in with single sign-on (SSO)' })).toBeVisible();
    await page.goto('/login');
    await expect(page.getByLabel('비밀번호')).toBeVisible();
    await expect(page.getByRole('link', { name: '통합 인증(SSO)으로 로그인' })).toHaveCount(0);
  });
});
