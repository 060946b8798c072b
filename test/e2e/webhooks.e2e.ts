import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorBody } from '../../src/common/error-body.js';
import { UserRole } from '../../src/identity/identity.types.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import type { WebhookView } from '../../src/webhooks/incoming-webhook.service.js';
import type { DeliveryView, SubscriptionView } from '../../src/webhooks/webhook-subscription.service.js';
import { ApiClient, eventually } from '../utils/clients.js';
import { DnsServer } from '../utils/dns-server.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;
const sign = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A subscriber on loopback that answers each request with the next status of `script` (the last one repeating). */
async function startReceiver(script: number[]): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = script[Math.min(received.length, script.length - 1)] ?? 200;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

describe('webhooks: signed posts into rooms, and signed deliveries out with an SSRF guard', () => {
  let t: TestApp;
  let dns: DnsServer;
  let owner: ApiClient;
  let member: ApiClient;
  let admin: ApiClient;
  let room: RoomView;
  let memberId: string;

  const post = async (webhookId: string, body: string, headers: Record<string, string>) => {
    const res = await fetch(`${t.baseUrl}/webhooks/in/${webhookId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return {
      status: res.status,
      body: (await res.json()) as { messageId?: string; duplicate?: boolean } & Partial<ErrorBody>,
    };
  };
  const signed = (secret: string, body: string, timestamp = nowSeconds(), extra: Record<string, string> = {}) => ({
    'x-ieum-timestamp': timestamp,
    'x-ieum-signature': sign(secret, timestamp, body),
    ...extra,
  });
  const createWebhook = async (name: string) => {
    const made = await owner.call<{ webhook: WebhookView; secret: string }>('POST', `/rooms/${room.id}/webhooks`, {
      name,
    });
    expect(made.status).toBe(201);
    return made.body;
  };
  const roomMessages = async (roomId = room.id) =>
    (await owner.call<MessageView[]>('GET', `/rooms/${roomId}/messages?limit=100`)).body;

  beforeAll(async () => {
    dns = await DnsServer.start();
    dns.setA('hooks.receiver.test', ['127.0.0.1']);
    dns.setA('intranet.example.test', ['127.0.0.1']);
    dns.setA('metadata.example.test', ['93.184.216.34', '169.254.169.254']);
    const config = await createTestConfig({
      env: {
        WEBHOOK_DNS_SERVERS: dns.address,
        WEBHOOK_ALLOWED_HOSTS: 'hooks.receiver.test',
        WEBHOOK_IN_PER_MINUTE: '6',
      },
    });
    t = await startTestApp(config);
    const factory = new Factory(t.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(agency, { login: 'owner.1741000', displayName: '김관리' });
    memberId = (await factory.user(agency, { login: 'member.1741000', displayName: '이직원' })).id;
    await factory.user(agency, {
      login: 'admin.1741000',
      displayName: '박시스템',
      roles: [UserRole.Member, UserRole.SystemAdmin],
    });
    owner = await ApiClient.signIn(t.baseUrl, 'owner.1741000');
    member = await ApiClient.signIn(t.baseUrl, 'member.1741000');
    admin = await ApiClient.signIn(t.baseUrl, 'admin.1741000');
    room = (await owner.call<RoomView>('POST', '/rooms', { kind: 'group', name: '운영 알림', userIds: [memberId] }))
      .body;
  });

  afterAll(async () => {
    await t?.close();
    await dns?.close();
  });

  describe('incoming', () => {
    it('lets a room owner create, list and delete webhooks, the secret shown once; members may not', async () => {
      const { webhook, secret } = await createWebhook('목록 확인용');
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(webhook.url).toBe(`${t.config.http.publicUrl}/webhooks/in/${webhook.id}`);
      const listed = await owner.call<WebhookView[]>('GET', `/rooms/${room.id}/webhooks`);
      expect(listed.body.find((w) => w.id === webhook.id)).toEqual(webhook);
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect((await member.call<ErrorBody>('POST', `/rooms/${room.id}/webhooks`, { name: '직원' })).body.code).toBe(
        'NOT_ROOM_OWNER',
      );
      expect((await member.call<ErrorBody>('GET', `/rooms/${room.id}/webhooks`)).body.code).toBe('NOT_ROOM_OWNER');
      expect((await owner.call('DELETE', `/rooms/${room.id}/webhooks/${webhook.id}`)).status).toBe(204);
      const gone = await post(webhook.id, '{"text":"x"}', signed(secret, '{"text":"x"}'));
      expect([gone.status, gone.body.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
    });

    it('posts a signed message once, as the integration; the same delivery posted twice appears once', async () => {
      const { webhook, secret } = await createWebhook('문서관리시스템');
      const body = JSON.stringify({ title: '전자결재', text: '결재가 완료되었습니다: 2027년 예산안' });
      const first = await post(webhook.id, body, signed(secret, body, nowSeconds(), { 'x-ieum-delivery': 'doc-42' }));
      expect([first.status, first.body.duplicate]).toEqual([200, false]);
      // The sender retries the delivery, signed again a second later: the same message, not a new one.
      const later = String(Number(nowSeconds()) + 1);
      const again = await post(webhook.id, body, signed(secret, body, later, { 'x-ieum-delivery': 'doc-42' }));
      expect([again.status, again.body.messageId, again.body.duplicate]).toEqual([200, first.body.messageId, true]);

      const posted = (await roomMessages()).filter((m) => m.body.includes('2027년 예산안'));
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatchObject({
        id: first.body.messageId,
        kind: 'bot',
        senderName: '문서관리시스템',
        body: '전자결재\n결재가 완료되었습니다: 2027년 예산안',
      });
      const listed = await owner.call<WebhookView[]>('GET', `/rooms/${room.id}/webhooks`);
      expect(listed.body.find((w) => w.id === webhook.id)?.lastUsedAt).not.toBeNull();
    });

    it('refuses unsigned, badly signed, stale, replayed, unknown and disabled posts with their codes', async () => {
      const { webhook, secret } = await createWebhook('모니터링');
      const body = JSON.stringify({ text: '디스크 사용량 90% 초과' });
      const refused = async (headers: Record<string, string>, id = webhook.id) => {
        const answer = await post(id, body, headers);
        expect(answer.body.messages?.ko).toMatch(/[가-힣]/);
        return [answer.status, answer.body.code];
      };

      expect(await refused({})).toEqual([401, 'WEBHOOK_UNSIGNED']);
      expect(await refused({ 'x-ieum-signature': sign(secret, nowSeconds(), body) })).toEqual([
        401,
        'WEBHOOK_UNSIGNED',
      ]);
      expect(await refused(signed('whsec_not-the-secret', body))).toEqual([401, 'WEBHOOK_BAD_SIGNATURE']);
      const ts = nowSeconds();
      expect(await refused({ 'x-ieum-timestamp': ts, 'x-ieum-signature': sign(secret, ts, `${body} `) })).toEqual([
        401,
        'WEBHOOK_BAD_SIGNATURE',
      ]);
      expect(await refused(signed(secret, body, String(Number(nowSeconds()) - 6 * 60)))).toEqual([
        401,
        'WEBHOOK_STALE',
      ]);
      expect(await refused(signed(secret, body), randomUUID())).toEqual([404, 'WEBHOOK_NOT_FOUND']);

      const once = signed(secret, body);
      expect((await post(webhook.id, body, once)).status).toBe(200);
      expect(await refused(once)).toEqual([409, 'WEBHOOK_REPLAYED']);
      expect((await roomMessages()).filter((m) => m.body === '디스크 사용량 90% 초과')).toHaveLength(1);

      expect(
        (await owner.call<WebhookView>('PATCH', `/rooms/${room.id}/webhooks/${webhook.id}`, { enabled: false })).body
          .enabled,
      ).toBe(false);
      expect(await refused(signed(secret, body))).toEqual([403, 'WEBHOOK_DISABLED']);
      expect(
        (await owner.call<WebhookView>('PATCH', `/rooms/${room.id}/webhooks/${webhook.id}`, { enabled: true })).body
          .enabled,
      ).toBe(true);
      const plain = await fetch(`${t.baseUrl}/webhooks/in/${webhook.id}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...signed(secret, body) },
        body,
      });
      expect([plain.status, ((await plain.json()) as ErrorBody).code]).toEqual([400, 'WEBHOOK_INVALID_PAYLOAD']);
      const invalid = await post(webhook.id, '{"title":"본문 없음"}', signed(secret, '{"title":"본문 없음"}'));
      expect([invalid.status, invalid.body.code]).toEqual([400, 'WEBHOOK_INVALID_PAYLOAD']);
    });

    it('limits posts per webhook (WEBHOOK_IN_PER_MINUTE), with Retry-After', async () => {
      const { webhook, secret } = await createWebhook('폭주하는 시스템');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 7; i++) {
        const body = JSON.stringify({ text: `경보 ${i}` });
        const res = await fetch(`${t.baseUrl}/webhooks/in/${webhook.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signed(secret, body) },
          body,
        });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(((await res.json()) as ErrorBody).code).toBe('WEBHOOK_TOO_MANY_REQUESTS');
          retryAfter = res.headers.get('retry-after');
        }
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });

  describe('outgoing', () => {
    const subscribe = (client: ApiClient, body: Record<string, unknown>) =>
      client.call<{ subscription: SubscriptionView; secret: string } & Partial<ErrorBody>>(
        'POST',
        '/admin-api/webhooks/subscriptions',
        body,
      );

    it('is for system administrators only', async () => {
      const answer = await subscribe(owner, {
        name: 'x',
        url: 'http://hooks.receiver.test/',
        events: ['task.changed'],
      });
      expect([answer.status, answer.body.code]).toEqual([403, 'WEBHOOK_SYSTEM_ADMINS_ONLY']);
    });

    it('refuses loopback, metadata and names resolving there at subscribe time, with a coded error', async () => {
      for (const [url, address] of [
        ['http://127.0.0.1:8080/hook', '127.0.0.1'],
        ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
        // The URL parser writes the address as ::ffff:7f00:1.
        ['http://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1'],
        ['https://intranet.example.test/hook', '127.0.0.1'],
        ['https://metadata.example.test/hook', '169.254.169.254'],
      ] as const) {
        const answer = await subscribe(admin, { name: 'SSRF', url, events: ['task.changed'] });
        expect([url, answer.status, answer.body.code, answer.body.details]).toEqual([
          url,
          422,
          'WEBHOOK_URL_FORBIDDEN',
          { address },
        ]);
        expect(answer.body.messages?.ko).toContain('WEBHOOK_ALLOWED_HOSTS');
      }
      const unknown = await subscribe(admin, {
        name: 'DNS',
        url: 'https://nowhere.example.test/hook',
        events: ['task.changed'],
      });
      expect([unknown.status, unknown.body.code]).toEqual([422, 'WEBHOOK_URL_UNRESOLVABLE']);
      const roomless = await subscribe(admin, {
        name: '방 없음',
        url: 'http://hooks.receiver.test/',
        events: ['message.created'],
      });
      expect([roomless.status, roomless.body.code]).toEqual([400, 'WEBHOOK_ROOM_REQUIRED']);
      expect((await admin.call<SubscriptionView[]>('GET', '/admin-api/webhooks/subscriptions')).body).toEqual([]);
    });

    it('delivers a message event signed, once, on the third try after two 500s, and records 3 attempts', async () => {
      const receiver = await startReceiver([500, 500, 200]);
      try {
        const made = await subscribe(admin, {
          name: '감사 시스템',
          url: `http://hooks.receiver.test:${receiver.port}/ieum`,
          events: ['message.created'],
          roomId: room.id,
        });
        expect(made.status).toBe(201);
        const { subscription, secret } = made.body;
        expect(subscription).toMatchObject({ events: ['message.created'], roomId: room.id });

        const sent = await owner.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
          clientMessageId: cid(),
          body: '내일 10시 점검 예정입니다',
        });
        expect(sent.status).toBe(201);
        await waitForJobs(t.app);
        await eventually(async () => {
          const [delivery] = (
            await admin.call<DeliveryView[]>('GET', `/admin-api/webhooks/subscriptions/${subscription.id}/deliveries`)
          ).body;
          expect(delivery).toMatchObject({
            event: 'message.created',
            status: 'delivered',
            attempts: 3,
            lastStatusCode: 200,
            lastError: null,
          });
        }, 30_000);

        expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 200]);
        const deliveryIds = new Set(receiver.received.map((r) => r.headers['x-ieum-delivery']));
        expect(deliveryIds.size).toBe(1);
        for (const request of receiver.received) {
          const timestamp = String(request.headers['x-ieum-timestamp']);
          expect(request.headers['x-ieum-signature']).toBe(sign(secret, timestamp, request.body));
          expect(request.headers['x-ieum-event']).toBe('message.created');
        }
        const delivered = JSON.parse(receiver.received[2]?.body ?? '{}') as {
          event: string;
          data: { message: Partial<MessageView> & { roomName: string } };
        };
        expect(delivered).toMatchObject({
          event: 'message.created',
          data: {
            message: {
              id: sent.body.id,
              roomId: room.id,
              roomName: '운영 알림',
              senderName: '김관리',
              body: '내일 10시 점검 예정입니다',
            },
          },
        });
        const [record] = (
          await admin.call<DeliveryView[]>('GET', `/admin-api/webhooks/subscriptions/${subscription.id}/deliveries`)
        ).body;
        expect(record?.id).toBe([...deliveryIds][0]);
        expect((await admin.call('DELETE', `/admin-api/webhooks/subscriptions/${subscription.id}`)).status).toBe(204);
      } finally {
        await new Promise((resolve) => receiver.server.close(resolve));
      }
    });

    it('sends task, memo and meeting events to a subscription for every room', async () => {
      const receiver = await startReceiver([200]);
      try {
        const made = await subscribe(admin, {
          name: '업무 연계',
          url: `http://hooks.receiver.test:${receiver.port}/all`,
          events: ['task.changed', 'memo.answered', 'meeting.scheduled'],
        });
        expect(made.status).toBe(201);
        const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
        const task = await owner.call<{ id: string }>('POST', '/tasks', { title: '예산 검토', roomId: room.id });
        expect(task.status).toBe(201);
        const memo = await owner.call<{ id: string }>('POST', '/memos', {
          title: '의견 조회',
          body: '검토 의견을 주세요',
          userIds: [memberId],
          opinionRequested: true,
          deadlineAt: later(48),
        });
        expect(memo.status).toBe(201);
        expect((await member.call('PUT', `/memos/${memo.body.id}/opinion`, { text: '동의합니다' })).status).toBe(200);
        const meeting = await owner.call<{ id: string }>('POST', '/meetings', {
          title: '점검 회의',
          startsAt: later(24),
          durationMinutes: 30,
          timeZone: 'Asia/Seoul',
          userIds: [memberId],
        });
        expect(meeting.status).toBe(201);
        await waitForJobs(t.app);

        const bodies = receiver.received.map(
          (r) => JSON.parse(r.body) as { event: string; data: Record<string, unknown> },
        );
        expect(bodies.map((b) => b.event).sort()).toEqual(['meeting.scheduled', 'memo.answered', 'task.changed']);
        expect(bodies.find((b) => b.event === 'task.changed')?.data).toMatchObject({
          task: { id: task.body.id, roomId: room.id, title: '예산 검토' },
          change: { kind: 'created' },
        });
        expect(bodies.find((b) => b.event === 'memo.answered')?.data).toMatchObject({
          memo: { id: memo.body.id, title: '의견 조회' },
          answeredBy: { userId: memberId, displayName: '이직원' },
        });
        expect(bodies.find((b) => b.event === 'meeting.scheduled')?.data).toMatchObject({
          change: 'scheduled',
          meeting: { id: meeting.body.id, title: '점검 회의', durationMinutes: 30 },
        });
        const deliveries = (
          await admin.call<DeliveryView[]>(
            'GET',
            `/admin-api/webhooks/subscriptions/${made.body.subscription.id}/deliveries`,
          )
        ).body;
        expect(deliveries.map((d) => [d.status, d.attempts])).toEqual([
          ['delivered', 1],
          ['delivered', 1],
          ['delivered', 1],
        ]);
        expect(
          (await admin.call('DELETE', `/admin-api/webhooks/subscriptions/${made.body.subscription.id}`)).status,
        ).toBe(204);
      } finally {
        await new Promise((resolve) => receiver.server.close(resolve));
      }
    });

    it('checks the address again at delivery time: a name that now resolves to loopback is refused, not called', async () => {
      const other = (await owner.call<RoomView>('POST', '/rooms', { kind: 'group', name: '이름이 바뀌는 곳' })).body;
      dns.setA('flip.example.test', ['93.184.216.34']);
      const made = await subscribe(admin, {
        name: '바뀌는 이름',
        url: 'http://flip.example.test/hook',
        events: ['message.created'],
        roomId: other.id,
      });
      expect(made.status).toBe(201);
      dns.setA('flip.example.test', ['127.0.0.1']);
      await owner.call('POST', `/rooms/${other.id}/messages`, { clientMessageId: cid(), body: '바뀐 뒤의 메시지' });
      await waitForJobs(t.app);
      const [delivery] = (
        await admin.call<DeliveryView[]>(
          'GET',
          `/admin-api/webhooks/subscriptions/${made.body.subscription.id}/deliveries`,
        )
      ).body;
      expect(delivery).toMatchObject({
        status: 'refused',
        attempts: 1,
        lastStatusCode: null,
        lastError: 'refused by the address guard: forbidden_address (127.0.0.1)',
      });
    });
  });
});
