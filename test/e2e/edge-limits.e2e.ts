import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MeetingView } from '../../src/meetings/meeting-views.service.js';
import { GUEST_REQUESTS_PER_ADDRESS } from '../../src/meetings/guest-throttle.service.js';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

const login = (app: TestApp, from: string) =>
  fetch(`${app.baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ login: 'nobody', password: 'wrong password' }),
  });

/**
 * Limits per client address behind a load balancer (TRUST_PROXY), guest links that are limited
 * like every other door without an account, and idempotency keys that never collide.
 */
describe('edge limits', () => {
  let behindProxy: TestApp;
  let elsewhere: TestApp;
  let kim: ApiClient;
  let leeId: string;

  beforeAll(async () => {
    // The load balancer is this machine (127.0.0.1) in the first, somebody else in the second.
    behindProxy = await startTestApp(
      await createTestConfig({ env: { TRUST_PROXY: '127.0.0.1', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '3' } }),
    );
    elsewhere = await startTestApp(
      await createTestConfig({ env: { TRUST_PROXY: '10.0.0.0/8', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '3' } }),
    );
    const factory = new Factory(behindProxy.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(agency, { login: 'kim.mois', displayName: '김행안' });
    leeId = (await factory.user(agency, { login: 'lee.mois', displayName: '이행안' })).id;
    kim = await ApiClient.signIn(behindProxy.baseUrl, 'kim.mois');
  });

  afterAll(async () => {
    await behindProxy.close();
    await elsewhere.close();
  });

  it('counts sign-in attempts per client address as the trusted proxy reports it', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(behindProxy, '203.0.113.7')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another citizen behind the same load balancer is not held up by the first.
    expect((await login(behindProxy, '203.0.113.8')).status).toBe(401);
  });

  it('believes no X-Forwarded-For from an address that is not a trusted proxy', async () => {
    for (let i = 0; i < 3; i++) expect((await login(elsewhere, `198.51.100.${i}`)).status).toBe(401);
    const refused = await login(elsewhere, '198.51.100.200');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
  });

  it('limits guest links per address with a coded 429 and Retry-After', async () => {
    const answers: number[] = [];
    for (let i = 0; i < GUEST_REQUESTS_PER_ADDRESS; i++) {
      answers.push(
        (
          await fetch(`${behindProxy.baseUrl}/meetings/guest/not-a-token-${i}`, {
            headers: { 'x-forwarded-for': '203.0.113.50' },
          })
        ).status,
      );
    }
    expect(new Set(answers)).toEqual(new Set([404]));
    const limited = await fetch(`${behindProxy.baseUrl}/meetings/guest/not-a-token/join`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.50' },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited.json()) as { code: string; messages: { ko: string; en: string } };
    expect(body.code).toBe('MEETING_TOO_MANY_GUEST_REQUESTS');
    expect(body.messages.ko).toContain('초 후에 다시 시도하세요');
    // Someone else's guest link still opens.
    expect(
      (
        await fetch(`${behindProxy.baseUrl}/meetings/guest/not-a-token`, {
          headers: { 'x-forwarded-for': '203.0.113.51' },
        })
      ).status,
    ).toBe(404);
  });

  it('never mistakes two idempotency keys that share their first 40 characters for one', async () => {
    const shared = 'weekly-sync-of-the-planning-office-2027-';
    const body = (key: string) => ({
      title: `주간 회의 ${key.slice(-1)}`,
      startsAt: new Date(Date.now() + 7_200_000).toISOString(),
      durationMinutes: 30,
      userIds: [leeId],
      idempotencyKey: key,
    });
    const first = await kim.call<MeetingView>('POST', '/meetings', body(`${shared}A`));
    const second = await kim.call<MeetingView>('POST', '/meetings', body(`${shared}B`));
    const again = await kim.call<MeetingView>('POST', '/meetings', body(`${shared}A`));
    expect([first.status, second.status, again.status]).toEqual([201, 201, 200]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(again.body.id).toBe(first.body.id);
  });
});
