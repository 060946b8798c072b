import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RoomView } from '../../src/messenger/realtime/socket-events.js';
import { WebhookRoomWatch } from '../../src/webhooks/webhook-room.watch.js';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

/**
 * A transaction must never wait for a second pool connection: when every connection is held by a
 * transaction doing the same, none is ever given back. Sending to a room an outgoing webhook
 * watches once did that (the watched-room list was read from inside the message's transaction
 * whenever it was due a refresh), and so did changing a meeting (the caller's place in it was read
 * outside the transaction that held the meeting's lock). With a pool of two and eight at once, every
 * one answers as it should.
 */
describe('sends while the pool is scarce', () => {
  let app: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let leeId: string;
  let admin: ApiClient;

  beforeAll(async () => {
    // A short lock: PostgreSQL ends a transaction left waiting after it, so a deadlock shows as 500s, not a hang.
    const config = await createTestConfig({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', JOB_LOCK_SECONDS: '2' } });
    app = await startTestApp({ ...config, database: { ...config.database, poolSize: 2 } });
    const factory = new Factory(app.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(agency, { login: 'kim.mois', displayName: '김행안' });
    leeId = (await factory.user(agency, { login: 'lee.mois', displayName: '이행안' })).id;
    await factory.user(agency, { login: 'admin.mois', displayName: '관리자', roles: ['member', 'system_admin'] });
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    admin = await ApiClient.signIn(app.baseUrl, 'admin.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '연동방' })).body;
    const subscribed = await admin.call('POST', '/admin-api/webhooks/subscriptions', {
      name: '수신',
      url: 'http://127.0.0.1:9/hook',
      events: ['message.created'],
      roomId: room.id,
    });
    expect(subscribed.status).toBe(201);
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers eight commands sent at once to a watched room with two connections, while the watched list refreshes', async () => {
    app.app.get(WebhookRoomWatch).forget();
    const statuses = await Promise.all(
      Array.from(
        { length: 8 },
        async (_, i) =>
          (
            await kim.call('POST', `/rooms/${room.id}/messages`, {
              clientMessageId: `c-${randomUUID()}`,
              body: `/help 동시 전송 ${i}`,
            })
          ).status,
      ),
    );
    expect(statuses).toEqual(Array.from({ length: 8 }, () => 201));
  });

  it('schedules eight meetings at once with two connections: the invitation reads its people inside the transaction', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        // Days ahead, whatever the time now: never refused as in the past.
        const startsAt = new Date(Date.now() + (2 + i) * 86_400_000).toISOString();
        return (
          await kim.call('POST', '/meetings', {
            title: `동시 회의 ${i}`,
            startsAt,
            durationMinutes: 60,
            userIds: [leeId],
          })
        ).status;
      }),
    );
    expect(statuses).toEqual(Array.from({ length: 8 }, () => 201));
  });

  it('ends a meeting while seven outsiders try to cancel or end it, at once with two connections: the caller is looked up inside the transaction', async () => {
    const meeting = (
      await kim.call<{ id: string }>('POST', '/meetings', {
        title: '종료할 회의',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        durationMinutes: 60,
        userIds: [leeId],
      })
    ).body;
    // The host first: holding the meeting's lock, it must not wait for a connection the outsiders queued behind that lock hold.
    const statuses = await Promise.all([
      kim.call('POST', `/meetings/${meeting.id}/end`).then((r) => r.status),
      ...Array.from(
        { length: 7 },
        async (_, i) => (await admin.call('POST', `/meetings/${meeting.id}/${i % 2 === 0 ? 'cancel' : 'end'}`)).status,
      ),
    ]);
    expect(statuses).toEqual([200, ...Array.from({ length: 7 }, () => 404)]);
  });
});
