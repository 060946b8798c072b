import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

/**
 * SQL statements per list request, counted on the real driver (every query the app's pool sends
 * goes through pg's Client.query). A list must cost the same whatever its page size: a cost that
 * grows with the page is a query per row.
 */
describe('query budgets of list endpoints', () => {
  let app: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let counting = false;
  let statements = 0;
  const original = pg.Client.prototype.query;

  beforeAll(async () => {
    // Counts, then calls the driver's own query as it was.
    pg.Client.prototype.query = function count(this: pg.Client, ...args: unknown[]): unknown {
      if (counting) statements++;
      return Reflect.apply(original, this, args);
    } as typeof original;
    app = await startTestApp(await createTestConfig({ roles: ['api'] }));
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const moef = await factory.agency({ code: '1051000', name: '기획재정부' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    const lee = await factory.user(mois, { login: 'lee.mois', displayName: '이행안' });
    await factory.user(moef, { login: 'park.moef', displayName: '박기재' });
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '예산팀', userIds: [lee.id] })).body;
    for (let i = 0; i < 55; i++) {
      const task = await kim.call('POST', '/tasks', { title: `과제 ${i}`, assigneeIds: [lee.id], agencyIds: [moef.id], checklist: ['초안'] });
      expect([task.status, task.body]).toEqual([201, expect.anything()]);
      expect((await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: `c-${randomUUID()}`, body: `메시지 ${i} @lee.mois` })).status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    pg.Client.prototype.query = original;
    await app.close();
  });

  const cost = async (path: string): Promise<number> => {
    // Once unmeasured: the first request of a route fills what later ones reuse.
    await kim.call('GET', path);
    statements = 0;
    counting = true;
    const res = await kim.call('GET', path);
    counting = false;
    expect(res.status).toBe(200);
    return statements;
  };

  /** Statements each list may send, whatever its page size; lower them when a change lowers the cost. */
  const BUDGETS: Record<string, number> = { 'GET /tasks': 8, 'GET /rooms/:id/messages': 7, 'GET /rooms': 6 };

  it('lists tasks, messages and rooms at a stated cost that does not grow with the page', async () => {
    const budgets: Record<string, [number, number]> = {
      'GET /tasks': [await cost('/tasks?scope=mine&limit=10'), await cost('/tasks?scope=mine&limit=50')],
      'GET /rooms/:id/messages': [await cost(`/rooms/${room.id}/messages?limit=10`), await cost(`/rooms/${room.id}/messages?limit=50`)],
      // Kim is in 56 rooms (each task has its own): one page of all of them, then again.
      'GET /rooms': [await cost('/rooms'), await cost('/rooms')],
    };
    process.stderr.write(`[query budgets] statements at page sizes 10 / 50: ${JSON.stringify(budgets)}\n`);
    for (const [route, [ten, fifty]] of Object.entries(budgets)) {
      expect([route, fifty]).toEqual([route, ten]);
      expect([route, ten <= (BUDGETS[route] ?? 0)]).toEqual([route, true]);
    }
  });
});
