import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { SmtpIngressServer } from '../../connectors/email/smtp-ingress.server.js';
import { QueueName } from '../../src/bus/bus.constants.js';
import { OutboxRelay } from '../../src/bus/outbox.relay.js';
import { QueueService } from '../../src/bus/queue.service.js';
import { RedisService } from '../../src/redis/redis.service.js';
import { UserRole } from '../../src/identity/identity.types.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, commandOutcome, eventually, type ClientSocket } from '../utils/clients.js';
import { DnsServer } from '../utils/dns-server.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => randomBytes(8).toString('hex');

/** One sample of an exposition: the value of `name{labels}` (labels matched as a subset), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const given = Object.fromEntries(
      [...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => given[key] === value)) return Number(match[4]);
  }
  return undefined;
}

describe('operations: /metrics under load, and the queue dashboard', () => {
  let t: TestApp;
  let kim: ApiClient;
  let admin: ApiClient;
  let room: RoomView;
  let socket: ClientSocket;
  let dns: DnsServer;
  let smtp: Transporter;
  let address: string;

  const scrape = async (headers: Record<string, string> = {}, baseUrl = t.baseUrl) => {
    const res = await fetch(`${baseUrl}/metrics`, { headers });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const say = async (body: string): Promise<MessageView> => {
    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body });
    expect(sent.status).toBe(201);
    return sent.body;
  };

  beforeAll(async () => {
    dns = await DnsServer.start();
    const config = await createTestConfig({
      roles: ['api', 'worker', 'smtp'],
      env: { MAIL_DOMAIN: 'ieum.test', SMTP_PORT: '0', MAIL_DNS_SERVERS: dns.address },
    });
    t = await startTestApp(config);
    const factory = new Factory(t.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    await factory.user(mois, { login: 'root.mois', displayName: '관리자', roles: [UserRole.SystemAdmin] });
    kim = await ApiClient.signIn(t.baseUrl, 'kim.mois');
    admin = await ApiClient.signIn(t.baseUrl, 'root.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '운영팀', userIds: [] })).body;
    address = (await kim.call<{ address: string }>('POST', `/rooms/${room.id}/mail-address`)).body.address;
    socket = await kim.socket();
    smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.app.get(SmtpIngressServer).port,
      secure: false,
      ignoreTLS: true,
    });
  });

  afterAll(async () => {
    smtp.close();
    socket.disconnect();
    await t.close();
    await dns.close();
  });

  it('shows each series with the load that happened: requests, sockets, sends, jobs, mail, reminders', async () => {
    for (let i = 0; i < 10; i++) await say(`HTTP 전송 ${i}`);
    for (let i = 0; i < 10; i++) {
      const ack = await socket.emitWithAck('message.send', {
        roomId: room.id,
        clientMessageId: cid(),
        body: `소켓 전송 ${i}`,
      });
      expect(ack.ok).toBe(true);
    }
    const help = await say('/help');
    expect((await commandOutcome(kim, help.id)).status).toBe('done');
    const soon = await say('/remind me in 3 seconds 지표 확인');
    expect((await commandOutcome(kim, soon.id)).status).toBe('done');

    // A reminder job that wakes two hours early fails for good in its one attempt.
    const later = await say('/remind me in 2 hours 나중 일');
    expect((await commandOutcome(kim, later.id)).status).toBe('done');
    const at = (
      await withAdmin(t.config.database.url, (c) =>
        c.query<{ next_at: Date }>('SELECT next_at FROM reminders WHERE id = $1', [later.id]),
      )
    ).rows[0]?.next_at;
    if (!at) throw new Error('no reminder');
    const reminders = t.app.get(QueueService).queue(QueueName.Reminders);
    await reminders.add(
      'reminder-fire',
      { reminderId: later.id, at: at.toISOString() },
      { jobId: `early-${later.id}`, attempts: 1 },
    );

    const accepted = await smtp.sendMail({
      envelope: { from: 'partner@example.org', to: [address] },
      raw: `From: partner@example.org\r\nTo: ${address}\r\nSubject: hello\r\nMessage-ID: <${randomUUID()}@example.org>\r\n\r\n안녕하세요\r\n`,
    });
    expect(accepted.response).toMatch(/^250 /);
    await expect(
      smtp.sendMail({
        envelope: { from: 'partner@example.org', to: ['room-nobody@ieum.test'] },
        raw: 'Subject: x\r\n\r\nx\r\n',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await waitForJobs(t.app);

    let text = '';
    await eventually(async () => {
      const res = await scrape();
      expect(res.status).toBe(200);
      text = res.text;
      expect(sample(text, 'ieum_reminder_lateness_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, 'ieum_queue_job_failures_total', { queue: 'reminders', final: 'true' }),
      ).toBeGreaterThanOrEqual(1);
    }, 15_000);
    const res = await scrape();
    text = res.text;
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);

    expect(
      sample(text, 'ieum_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/rooms/:roomId/messages',
        status_class: '2xx',
      }),
    ).toBeGreaterThanOrEqual(13);
    expect(
      sample(text, 'ieum_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/auth/login',
        status_class: '2xx',
      }),
    ).toBeGreaterThanOrEqual(2);
    // The raw URL (with the room's id) is never a label.
    expect(text).not.toContain(room.id);
    expect(sample(text, 'ieum_sockets_connected')).toBe(1);
    expect(sample(text, 'ieum_messages_sent_total', { transport: 'http' })).toBeGreaterThanOrEqual(13);
    expect(sample(text, 'ieum_messages_sent_total', { transport: 'socket' })).toBe(10);
    expect(sample(text, 'ieum_message_send_ack_seconds_count', { transport: 'socket' })).toBe(10);
    expect(sample(text, 'ieum_message_send_ack_seconds_sum', { transport: 'socket' })).toBeGreaterThan(0);
    expect(sample(text, 'ieum_queue_job_wait_seconds_count', { queue: 'commands' })).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'ieum_queue_job_run_seconds_count', { queue: 'commands', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'ieum_queue_job_run_seconds_count', { queue: 'reminders', outcome: 'failed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ieum_queue_jobs', { queue: 'reminders', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ieum_queue_jobs', { queue: 'reminders', state: 'failed' })).toBeGreaterThanOrEqual(1);
    for (const queue of Object.values(QueueName))
      expect(sample(text, 'ieum_queue_jobs', { queue, state: 'waiting' })).toBeDefined();
    expect(sample(text, 'ieum_mail_ingress_accepted_total')).toBe(1);
    expect(sample(text, 'ieum_mail_ingress_refused_total', { stage: 'rcpt', code: '550' })).toBe(1);
    expect(sample(text, 'ieum_outbox_backlog')).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('reads Redis’s eviction policy as the worker does at start (the test Redis keeps noeviction)', async () => {
    await expect(t.app.get(RedisService).evictionPolicy()).resolves.toEqual({ policy: 'noeviction' });
  });

  it('is refused, coded, outside the allowed addresses without the token, and served with it', async () => {
    const token = randomBytes(24).toString('hex');
    const guarded = await startTestApp({
      ...t.config,
      roles: new Set(['api']),
      metrics: { allowedAddresses: ['10.9.9.0/24'], token, port: undefined },
    });
    try {
      const refused = await fetch(`${guarded.baseUrl}/metrics`, { headers: { 'accept-language': 'en' } });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        code: 'METRICS_FORBIDDEN',
        messages: { ko: expect.stringContaining('METRICS_ALLOWED_ADDRESSES') },
      });
      expect((await scrape({ authorization: `Bearer ${token}x` }, guarded.baseUrl)).status).toBe(403);
      const served = await scrape({ authorization: `Bearer ${token}` }, guarded.baseUrl);
      expect(served.status).toBe(200);
      expect(served.text).toContain('# TYPE ieum_http_request_duration_seconds histogram');
    } finally {
      await guarded.close();
    }
    // Loopback is allowed by default, with no token.
    expect((await scrape()).status).toBe(200);
  });

  it('opens /admin/queues to a system administrator through a pass, and to nobody else', async () => {
    const refused = await kim.call<{ code: string }>('POST', '/admin-api/queues/ticket');
    expect(refused).toMatchObject({ status: 403, body: { code: 'QUEUE_BOARD_SYSTEM_ADMINS_ONLY' } });
    const page = (cookie?: string, path = '/admin/queues/') =>
      fetch(`${t.baseUrl}${path}`, {
        headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', ...(cookie ? { cookie } : {}) },
        redirect: 'manual',
      });
    const bare = await page();
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ code: 'QUEUE_BOARD_TICKET_REQUIRED' });
    expect((await page('ieum_qb=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad')).status).toBe(401);

    const ticket = await fetch(`${t.baseUrl}/admin-api/queues/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(ticket.status).toBe(200);
    expect(await ticket.json()).toMatchObject({ location: '/admin/queues/' });
    const setCookie = ticket.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ieum_qb=[^;]+;/);
    expect(setCookie).toContain('Path=/admin/queues;');
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';

    const board = await page(cookie);
    expect(board.status).toBe(200);
    const html = await board.text();
    expect(html).toContain('<div id="root">');
    expect(html).toContain('<base href="/admin/queues/"');
    expect(board.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");

    const api = await fetch(`${t.baseUrl}/admin/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    const listed = (await api.json()) as { queues: Array<{ name: string }> };
    expect(listed.queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());

    // Signing out ends the pass with the session.
    expect((await admin.call('POST', '/auth/logout', {})).status).toBe(204);
    expect((await page(cookie)).status).toBe(401);
  });

  it('shows the outbox backlog and the age of its oldest row while the relay is held', async () => {
    await t.app.get(OutboxRelay).stop();
    await withAdmin(t.config.database.url, (c) =>
      c.query(
        `INSERT INTO outbox_events (queue, job_name, payload, created_at) VALUES ('directory', 'directory-user-changed', '{"userId":"${randomUUID()}"}', now() - interval '90 seconds')`,
      ),
    );
    const { text } = await scrape();
    expect(sample(text, 'ieum_outbox_backlog')).toBe(1);
    expect(sample(text, 'ieum_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(90);
  });
});
