import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { OutboxRelay } from '../../src/bus/outbox.relay.js';
import { UserRole } from '../../src/identity/identity.types.js';
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
  let leeId: string;
  let yoonId: string;
  let invId: string;
  let counting = false;
  let statements = 0;
  const original = pg.Client.prototype.query;

  beforeAll(async () => {
    // Counts, then calls the driver's own query as it was.
    pg.Client.prototype.query = function count(this: pg.Client, ...args: unknown[]): unknown {
      if (counting) statements++;
      return Reflect.apply(original, this, args);
    } as typeof original;
    // The wall's hourly write limit (60) is below the posts and comments written here.
    app = await startTestApp(await createTestConfig({ roles: ['api'], env: { WALL_WRITES_PER_HOUR: '1000' } }));
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const moef = await factory.agency({ code: '1051000', name: '기획재정부' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    const lee = await factory.user(mois, { login: 'lee.mois', displayName: '이행안' });
    leeId = lee.id;
    // The wall's, the meetings' and the consultations' people, apart from the lists above.
    await factory.user(mois, {
      login: 'wall.admin.mois',
      displayName: '정관리',
      roles: [UserRole.Member, UserRole.AgencyAdmin],
    });
    await factory.user(mois, { login: 'choi.mois', displayName: '최회의' });
    yoonId = (await factory.user(mois, { login: 'yoon.mois', displayName: '윤참석' })).id;
    const acrc = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    invId = (
      await factory.user(acrc, {
        login: 'inv.acrc',
        displayName: '김조사',
        roles: [UserRole.Member, UserRole.ComplaintInvestigator],
      })
    ).id;
    await factory.user(acrc, {
      login: 'staff.acrc',
      displayName: '박민원',
      roles: [UserRole.Member, UserRole.ComplaintInvestigator],
    });
    parkId = (await factory.user(moef, { login: 'park.moef', displayName: '박기재' })).id;
    moefId = moef.id;
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    park = await ApiClient.signIn(app.baseUrl, 'park.moef');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '예산팀', userIds: [lee.id] })).body;
    for (let i = 0; i < 55; i++) {
      const task = await kim.call('POST', '/tasks', {
        title: `과제 ${i}`,
        assigneeIds: [lee.id],
        agencyIds: [moef.id],
        checklist: ['초안'],
      });
      expect([task.status, task.body]).toEqual([201, expect.anything()]);
      expect(
        (
          await kim.call('POST', `/rooms/${room.id}/messages`, {
            clientMessageId: `c-${randomUUID()}`,
            body: `메시지 ${i} @lee.mois`,
          })
        ).status,
      ).toBe(201);
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
  const BUDGETS: Record<string, number> = {
    'GET /tasks': 8,
    'GET /rooms/:id/messages': 7,
    'GET /rooms': 6,
    'GET /memos?box=sent': 6,
    'GET /memos?box=inbox': 8,
    'GET /walls': 4,
    'GET /walls/:id/posts': 7,
    'GET /wall-posts/:id/comments': 6,
    'GET /meetings': 1,
    'GET /meetings/calendar': 1,
    // Each consultation listed is an audited read: its record and its audit event are written with the list, in one statement each.
    'GET /consultations?mine=true': 11,
    'GET /consultations': 11,
  };

  /** Both counts the same, and within the route's budget. */
  const expectBudgets = (label: string, budgets: Record<string, [number, number]>) => {
    process.stderr.write(`[query budgets] ${label}: ${JSON.stringify(budgets)}\n`);
    for (const [route, [few, many]] of Object.entries(budgets)) {
      expect([route, many]).toEqual([route, few]);
      expect([route, few, few <= (BUDGETS[route] ?? 0)]).toEqual([route, few, true]);
    }
  };

  it('lists tasks, messages and rooms at a stated cost that does not grow with the page', async () => {
    const budgets: Record<string, [number, number]> = {
      'GET /tasks': [await cost('/tasks?scope=mine&limit=10'), await cost('/tasks?scope=mine&limit=50')],
      'GET /rooms/:id/messages': [
        await cost(`/rooms/${room.id}/messages?limit=10`),
        await cost(`/rooms/${room.id}/messages?limit=50`),
      ],
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
      Promise.all(
        Array.from({ length: n }, async (_, i) =>
          expect(
            (
              await kim.call('POST', '/memos', {
                title: `보고 ${i}`,
                body: '의견 부탁드립니다.',
                agencyIds: [moefId],
                userIds: [parkId],
              })
            ).status,
          ).toBe(201),
        ),
      );
    await send(5);
    const few = { sent: await cost('/memos?box=sent'), inbox: await cost('/memos?box=inbox', park) };
    await send(40);
    const many = { sent: await cost('/memos?box=sent'), inbox: await cost('/memos?box=inbox', park) };
    process.stderr.write(
      `[query budgets] memos at 5 / 45: sent ${few.sent} / ${many.sent}, inbox ${few.inbox} / ${many.inbox}\n`,
    );
    expect([many.sent, many.inbox]).toEqual([few.sent, few.inbox]);
    expect(few.sent).toBeLessThanOrEqual(BUDGETS['GET /memos?box=sent'] ?? 0);
    expect(few.inbox).toBeLessThanOrEqual(BUDGETS['GET /memos?box=inbox'] ?? 0);
  }, 60_000);

  it("lists walls, a wall's posts and a post's comments at a stated cost that does not grow with their number", async () => {
    const admin = await ApiClient.signIn(app.baseUrl, 'wall.admin.mois');
    const lee = await ApiClient.signIn(app.baseUrl, 'lee.mois');
    const topics = async (from: number, to: number) => {
      for (let i = from; i < to; i++)
        expect((await admin.call('POST', '/walls', { name: `주제 ${i}`, agencyOnly: true })).status).toBe(201);
    };
    await topics(0, 10);
    const walls10 = await cost('/walls', lee);
    await topics(10, 50);
    const walls50 = await cost('/walls', lee);
    const walls = (await lee.call<Array<{ id: string; kind: string }>>('GET', '/walls')).body;
    expect(walls).toHaveLength(52);
    const government = walls.find((w) => w.kind === 'government')?.id ?? '';
    // 55 posts by three people of two agencies, every third anonymous, some liked.
    const writers = [kim, lee, park];
    const posts: string[] = [];
    for (let i = 0; i < 55; i++) {
      const res = await (writers[i % 3] ?? kim).call<{ id: string }>('POST', `/walls/${government}/posts`, {
        body: `글 ${i}`,
        anonymous: i % 3 === 2,
      });
      expect(res.status).toBe(201);
      posts.push(res.body.id);
      if (i % 2 === 0)
        expect((await lee.call('PUT', `/wall-posts/${res.body.id}/like`, { on: true })).status).toBe(200);
    }
    const [few, many] = [posts[0] ?? '', posts[1] ?? ''];
    for (let i = 0; i < 50; i++) {
      if (i < 10)
        expect(
          (
            await (writers[i % 3] ?? kim).call('POST', `/wall-posts/${few}/comments`, {
              body: `댓글 ${i}`,
              anonymous: i % 3 === 2,
            })
          ).status,
        ).toBe(201);
      expect(
        (
          await (writers[i % 3] ?? kim).call('POST', `/wall-posts/${many}/comments`, {
            body: `댓글 ${i}`,
            anonymous: i % 3 === 2,
          })
        ).status,
      ).toBe(201);
    }
    const count = async (path: string) => {
      const body = (await lee.call<unknown[] | { posts: unknown[] }>('GET', path)).body;
      return Array.isArray(body) ? body.length : body.posts.length;
    };
    expect([
      await count(`/walls/${government}/posts?limit=10`),
      await count(`/walls/${government}/posts?limit=50`),
      await count(`/wall-posts/${few}/comments`),
      await count(`/wall-posts/${many}/comments`),
    ]).toEqual([10, 50, 10, 50]);
    expectBudgets('walls at 10 / 50', {
      'GET /walls': [walls10, walls50],
      'GET /walls/:id/posts': [
        await cost(`/walls/${government}/posts?limit=10`, lee),
        await cost(`/walls/${government}/posts?limit=50`, lee),
      ],
      'GET /wall-posts/:id/comments': [
        await cost(`/wall-posts/${few}/comments`, lee),
        await cost(`/wall-posts/${many}/comments`, lee),
      ],
    });
  }, 120_000);

  it('lists meetings and their calendar at a stated cost that does not grow with their number', async () => {
    const choi = await ApiClient.signIn(app.baseUrl, 'choi.mois');
    const day = 86_400_000;
    const start = Math.ceil((Date.now() + day) / 3_600_000) * 3_600_000;
    // One at a time: a schedule holds a connection for its transaction.
    const schedule = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const res = await choi.call('POST', '/meetings', {
          title: `회의 ${i}`,
          startsAt: new Date(start + i * 3_600_000).toISOString(),
          durationMinutes: 30,
          userIds: i % 2 === 0 ? [yoonId] : [yoonId, leeId],
          recurrence: i % 5 === 0 ? 'FREQ=DAILY;COUNT=3' : null,
        });
        expect(res.status).toBe(201);
      }
    };
    const calendar = `/meetings/calendar?from=${new Date(start - day).toISOString()}&to=${new Date(start + 10 * day).toISOString()}`;
    await schedule(0, 10);
    const few = { list: await cost('/meetings', choi), calendar: await cost(calendar, choi) };
    await schedule(10, 50);
    const many = { list: await cost('/meetings', choi), calendar: await cost(calendar, choi) };
    expect((await choi.call<unknown[]>('GET', '/meetings')).body).toHaveLength(50);
    expectBudgets('meetings at 10 / 50', {
      'GET /meetings': [few.list, many.list],
      'GET /meetings/calendar': [few.calendar, many.calendar],
    });
  }, 120_000);

  it("lists consultations, an investigator's and the agency's, at a stated cost that does not grow with their number", async () => {
    const inv = await ApiClient.signIn(app.baseUrl, 'inv.acrc');
    const staff = await ApiClient.signIn(app.baseUrl, 'staff.acrc');
    // Every day around the clock, 5-minute slots, no notice: fifty bookings fit in the next hours.
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    expect(
      (
        await inv.call('PUT', '/consultations/schedule', {
          slotMinutes: 5,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 10,
          weeklyRules: always,
        })
      ).status,
    ).toBe(200);
    const slots = (
      await staff.call<Array<{ startsAt: string }>>('GET', `/consultations/slots?investigatorId=${invId}&days=2`)
    ).body.filter((s) => Date.parse(s.startsAt) > Date.now() + 15 * 60_000);
    expect(slots.length).toBeGreaterThanOrEqual(50);
    // Booked through the API as complaint staff do, one at a time (each booking makes its video meeting in its transaction).
    const book = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const res = await staff.call('POST', '/consultations', {
          startsAt: slots[i]?.startsAt,
          email: `citizen${i}@example.kr`,
          name: `민원인 ${i}`,
          summary: '주차 과태료 이의',
          investigatorId: invId,
        });
        expect([i, res.status]).toEqual([i, 201]);
      }
    };
    await book(0, 10);
    const few = {
      mine: await cost('/consultations?mine=true&days=3', inv),
      agency: await cost('/consultations?days=3', staff),
    };
    await book(10, 50);
    const many = {
      mine: await cost('/consultations?mine=true&days=3', inv),
      agency: await cost('/consultations?days=3', staff),
    };
    expect((await staff.call<unknown[]>('GET', '/consultations?days=3')).body).toHaveLength(50);
    expectBudgets('consultations at 10 / 50', {
      'GET /consultations?mine=true': [few.mine, many.mine],
      'GET /consultations': [few.agency, many.agency],
    });
  }, 180_000);
});
