import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { OutboxRelay } from '../../src/bus/outbox.relay.js';
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
  let park: ApiClient;
  let room: RoomView;
  let moefId: string;
  let parkId: string;
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
    parkId = (await factory.user(moef, { login: 'park.moef', displayName: '박기재' })).id;
    moefId = moef.id;
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    park = await ApiClient.signIn(app.baseUrl, 'park.moef');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '예산팀', userIds: [lee.id] })).body;
    for (let i = 0; i < 55; i++) {
      const task = await kim.call('POST', '/tasks', { title: `과제 ${i}`, assigneeIds: [lee.id], agencyIds: [moef.id], checklist: ['초안'] });
      expect([task.status, task.body]).toEqual([201, expect.anything()]);
      expect((await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: `c-${randomUUID()}`, body: `메시지 ${i} @lee.mois` })).status).toBe(201);
    }
    // The outbox relay's sweep runs on a timer with statements of its own; one landing inside a
    // measured request was counted as that list's (1 to 3 more, on a different list each run).
    // Everything is relayed first, then the relay stops: what is counted is the request's alone.
    const relay = app.app.get(OutboxRelay);
    await relay.drain();
    await relay.stop();
  }, 120_000);

  afterAll(async () => {
    pg.Client.prototype.query = original;
    await app.close();
  });

  const cost = async (path: string, client = kim): Promise<number> => {
    // Once unmeasured: the first request of a route fills what later ones reuse.
    await client.call('GET', path);
    statements = 0;
    counting = true;
    const res = await client.call('GET', path);
    counting = false;
    expect(res.status).toBe(200);
    return statements;
  };

  /** Statements each list may send, whatever its page size; lower them when a change lowers the cost. */
  const BUDGETS: Record<string, number> = { 'GET /tasks': 8, 'GET /rooms/:id/messages': 7, 'GET /rooms': 6, 'GET /memos?box=sent': 6, 'GET /memos?box=inbox': 8 };

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

  it('lists memos, sent and received, at a stated cost that does not grow with their number', async () => {
    const send = (n: number) =>
      Promise.all(Array.from({ length: n }, async (_, i) => expect((await kim.call('POST', '/memos', { title: `보고 ${i}`, body: '의견 부탁드립니다.', agencyIds: [moefId], userIds: [parkId] })).status).toBe(201)));
    await send(5);
    const few = { sent: await cost('/memos?box=sent'), inbox: await cost('/memos?box=inbox', park) };
    await send(40);
    const many = { sent: await cost('/memos?box=sent'), inbox: await cost('/memos?box=inbox', park) };
    process.stderr.write(`[query budgets] memos at 5 / 45: sent ${few.sent} / ${many.sent}, inbox ${few.inbox} / ${many.inbox}\n`);
    expect([many.sent, many.inbox]).toEqual([few.sent, few.inbox]);
    expect(few.sent).toBeLessThanOrEqual(BUDGETS['GET /memos?box=sent'] ?? 0);
    expect(few.inbox).toBeLessThanOrEqual(BUDGETS['GET /memos?box=inbox'] ?? 0);
  }, 60_000);
});
