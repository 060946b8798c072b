import { defineConfig } from '@playwright/test';

/**
 * Browser tests: the built program (server and client) on real PostgreSQL and Redis, driven in
 * Debian's Chromium through playwright-core (never a downloaded browser). Global setup starts one
 * server for the run; specs use the demo organisation it seeds and make their own data.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/web',
  globalSetup: './support/global-setup.ts',
  fullyParallel: false,
  workers: process.env.IEUM_WEB_WORKERS ? Number(process.env.IEUM_WEB_WORKERS) : 2,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./support/summary-reporter.ts']],
  use: {
    // Set by global setup before the workers start.
    baseURL: process.env.IEUM_WEB_BASE_URL,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
  },
});
