import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { MailIngestJob } from '../../src/mail-ingress/mail-ingest.job.js';
import { SmtpIngressServer } from '../../connectors/email/smtp-ingress.server.js';
import type { ResolvedAppConfig } from '../../src/config/app-config.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually } from '../utils/clients.js';
import { DnsServer } from '../utils/dns-server.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const SMTP_MAX_BYTES = 300_000;
const FILES_MAX_BYTES = 60_000;

/** A self-signed certificate for 127.0.0.1, made with Debian's openssl. */
function certificate(dir: string, name: string): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=mx.ieum.test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { key, cert };
}

/** The worker role in a child process, killed by itself right after it posted one mail. */
function ingestThenDie(
  config: ResolvedAppConfig,
  env: Record<string, string>,
): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['test/fixtures/ingest-then-die.mjs'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: config.database.url,
        REDIS_URL: config.redis.url,
        BUS_PREFIX: config.bus.prefix,
        JWT_SECRET: config.auth.jwtSecret,
        LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve({ signal, out: out.trim() }));
  });
}

describe('mail ingress at its limits: STARTTLS, sizes, malformed MIME, a worker killed mid-mail', () => {
  let api: TestApp;
  let worker: TestApp | undefined;
  let kim: ApiClient;
  let room: RoomView;
  let address: string;
  let dns: DnsServer;
  let dir: string;
  let tls: { key: string; cert: string };
  let env: Record<string, string>;

  const bridgeMessages = async () =>
    (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`)).body.filter(
      (m) => m.kind === 'bot' && m.body.startsWith('✉️'),
    );
  const inbound = () =>
    withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ status: string; reason: string | null }>(
            `SELECT status, reason FROM inbound_mails ORDER BY received_at`,
          )
        ).rows,
    );
  const transport = (options: Record<string, unknown> = {}): Transporter =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: api.app.get(SmtpIngressServer).port,
      secure: false,
      ignoreTLS: true,
      ...options,
    });
  const mail = (subject: string, extra: Record<string, unknown> = {}) => ({
    from: 'partner@example.org',
    to: address,
    subject,
    text: `${subject} 본문`,
    messageId: `<${randomUUID()}@example.org>`,
    ...extra,
  });

  beforeAll(async () => {
    dns = await DnsServer.start();
    dir = mkdtempSync(join(tmpdir(), 'ieum-smtp-tls-'));
    tls = certificate(dir, 'ingress');
    env = {
      MAIL_DOMAIN: 'ieum.test',
      MAIL_DNS_SERVERS: dns.address,
      SMTP_MAX_BYTES: String(SMTP_MAX_BYTES),
      FILES_MAX_BYTES: String(FILES_MAX_BYTES),
      JOB_LOCK_SECONDS: '2',
    };
    const config = await createTestConfig({
      env: { ...env, SMTP_PORT: '0', SMTP_TLS_KEY_FILE: tls.key, SMTP_TLS_CERT_FILE: tls.cert },
    });
    api = await startTestApp({ ...config, roles: new Set(['api', 'smtp']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안', email: 'kim@mois.go.kr' });
    kim = await ApiClient.signIn(api.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '민원 수신' })).body;
    address = (await kim.call<{ address: string }>('POST', `/rooms/${room.id}/mail-address`)).body.address;
  });

  afterAll(async () => {
    await worker?.close();
    await api.close();
    await dns.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers STARTTLS with the configured certificate and takes mail over it; a sender that does not ask for TLS still gets in', async () => {
    const secure = transport({ ignoreTLS: false, requireTLS: true, tls: { ca: readFileSync(tls.cert) } });
    expect((await secure.sendMail(mail('암호화 전송'))).response).toMatch(/^250/);
    secure.close();
    // A client that trusts another certificate refuses this one: it is the configured one that is offered.
    const other = certificate(dir, 'other');
    const wary = transport({ ignoreTLS: false, requireTLS: true, tls: { ca: readFileSync(other.cert) } });
    await expect(wary.sendMail(mail('다른 인증서'))).rejects.toThrow(/self[- ]signed|certificate/i);
    wary.close();
    const plain = transport();
    expect((await plain.sendMail(mail('평문 전송'))).response).toMatch(/^250/);
    plain.close();
    await waitForJobs(worker?.app ?? api.app);
    expect((await bridgeMessages()).map((m) => m.body.split('\n')[1])).toEqual(['[암호화 전송]', '[평문 전송]']);
  });

  it('refuses a mail over SMTP_MAX_BYTES with 552 and stores nothing; an attachment over the file limit becomes a notice', async () => {
    const before = (await inbound()).length;
    const smtp = transport();
    await expect(
      smtp.sendMail(
        mail('너무 큰 메일', { attachments: [{ filename: 'big.bin', content: Buffer.alloc(SMTP_MAX_BYTES, 7) }] }),
      ),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect((await inbound()).length).toBe(before);

    const posted = (await bridgeMessages()).length;
    await smtp.sendMail(
      mail('첨부 초과', {
        attachments: [
          { filename: '도면.pdf', content: Buffer.alloc(FILES_MAX_BYTES + 1024, 1) },
          { filename: '목록.txt', content: '작은 파일' },
        ],
      }),
    );
    smtp.close();
    await waitForJobs(worker?.app ?? api.app);
    const [message] = (await bridgeMessages()).slice(posted);
    expect(message?.body).toContain('[첨부 초과]');
    expect(message?.body).toContain('⚠️ 도면.pdf: 60 KiB, over the 58 KiB limit / 용량 초과로 첨부하지 않음');
    expect(message?.attachments.map((a) => a.name)).toEqual(['목록.txt']);
  });

  it('a mail longer than a message may be keeps its sender, subject and notices; only the text is cut', async () => {
    const posted = (await bridgeMessages()).length;
    const smtp = transport();
    await smtp.sendMail(
      mail('아주 긴 메일', {
        text: '긴 본문입니다. '.repeat(2_000),
        attachments: [{ filename: '도면.pdf', content: Buffer.alloc(FILES_MAX_BYTES + 1024, 1) }],
      }),
    );
    smtp.close();
    await waitForJobs(worker?.app ?? api.app);
    const [message] = (await bridgeMessages()).slice(posted);
    expect(message?.body.length).toBeLessThanOrEqual(10_000);
    expect(message?.body.split('\n').slice(0, 2)).toEqual(['✉️ partner@example.org', '[아주 긴 메일]']);
    expect(message?.body).toContain(
      '\n… (본문이 길어 잘렸습니다 / the rest of the mail was cut)\n\n⚠️ 도면.pdf: 60 KiB, over the 58 KiB limit / 용량 초과로 첨부하지 않음',
    );
    expect(message?.body.endsWith('용량 초과로 첨부하지 않음')).toBe(true);
  });

  it('keeps malformed MIME raw and posts a notice with the original attached; the room goes on receiving mail', async () => {
    const posted = (await bridgeMessages()).length;
    // More parts than the MIME parser takes (1,000): it gives up on the mail.
    const parts = Array.from({ length: 1100 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\n${i}\r\n`).join('');
    const raw = `From: partner@example.org\r\nTo: ${address}\r\nSubject: broken\r\nMessage-ID: <${randomUUID()}@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
    const smtp = transport();
    expect((await smtp.sendMail({ envelope: { from: 'partner@example.org', to: [address] }, raw })).response).toMatch(
      /^250/,
    );
    await smtp.sendMail(mail('그다음 메일'));
    smtp.close();
    await waitForJobs(worker?.app ?? api.app);
    const [notice, next] = (await bridgeMessages()).slice(posted);
    expect(notice?.body).toMatch(
      /^✉️ 읽을 수 없는 메일이 도착했습니다 \(원문 보관, 첨부, [0-9a-f]{8}\)\.\n✉️ A mail arrived that could not be read/,
    );
    const [original] = notice?.attachments ?? [];
    expect(original?.name).toMatch(/^mail-[0-9a-f]{8}\.eml$/);
    const file = await fetch(`${api.baseUrl}/files/${original?.id ?? ''}/content`, {
      headers: { authorization: `Bearer ${kim.token}` },
    });
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe(raw);
    expect(next?.body.split('\n')[1]).toBe('[그다음 메일]');
  });

  it("two ingest jobs for one mail at once (the relay's and the sweep's) post it once with one set of files", async () => {
    await waitForJobs(worker?.app ?? api.app);
    await worker?.close();
    worker = undefined;
    const posted = (await bridgeMessages()).length;
    const smtp = transport();
    expect(
      (await smtp.sendMail(mail('동시 처리', { attachments: [{ filename: '동시.txt', content: '한 벌만' }] })))
        .response,
    ).toMatch(/^250/);
    smtp.close();
    const inboundId =
      (await withAdmin(
        api.config.database.url,
        async (c) =>
          (await c.query<{ id: string }>(`SELECT id FROM inbound_mails ORDER BY received_at DESC LIMIT 1`)).rows[0]?.id,
      )) ?? '';
    const bot = api.app.get(MailIngestJob);
    const outcomes = await Promise.all([
      bot.ingest(
        { inboundId },
        { jobId: 'outbox-concurrent-test', eventId: 'concurrent-test', attempt: 1, maxAttempts: 5 },
      ),
      bot.ingest(
        { inboundId },
        { jobId: `mail-ingest-${inboundId}-0`, eventId: undefined, attempt: 1, maxAttempts: 5 },
      ),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['done-before', 'posted']);
    // The relay's real job, run when a worker is back, finds the mail handled.
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await waitForJobs(worker.app);
    expect(
      (await bridgeMessages()).slice(posted).map((m) => [m.body.split('\n')[1], m.attachments.map((a) => a.name)]),
    ).toEqual([['[동시 처리]', ['동시.txt']]]);
    const files = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ n: string }>(`SELECT count(*) AS n FROM files WHERE room_id = $1 AND name = '동시.txt'`, [
            room.id,
          ])
        ).rows[0]?.n,
    );
    expect(files).toBe('1');
    expect((await inbound()).at(-1)).toEqual({ status: 'posted', reason: null });
  });

  it('a worker killed after posting a mail but before recording it: a restarted worker records it, posting it and its file once', async () => {
    await waitForJobs(worker?.app ?? api.app);
    await worker?.close();
    worker = undefined;
    const posted = (await bridgeMessages()).length;
    const smtp = transport();
    expect(
      (await smtp.sendMail(mail('일꾼 강제 종료', { attachments: [{ filename: '회의록.txt', content: '한 번만' }] })))
        .response,
    ).toMatch(/^250/);
    smtp.close();

    const died = await ingestThenDie(api.config, env);
    expect(died).toEqual({ signal: 'SIGKILL', out: 'posted' });
    expect((await bridgeMessages()).slice(posted).map((m) => m.body.split('\n')[1])).toEqual(['[일꾼 강제 종료]']);
    expect((await inbound()).at(-1)?.status).toBe('received');

    // The job the dead worker held goes back to the queue once its lock (JOB_LOCK_SECONDS) lapses.
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await eventually(async () => expect((await inbound()).at(-1)).toEqual({ status: 'posted', reason: null }), 60_000);
    const messages = (await bridgeMessages()).slice(posted);
    expect(messages.map((m) => [m.body.split('\n')[1], m.attachments.map((a) => a.name)])).toEqual([
      ['[일꾼 강제 종료]', ['회의록.txt']],
    ]);
    const files = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ n: string }>(`SELECT count(*) AS n FROM files WHERE room_id = $1 AND name = '회의록.txt'`, [
            room.id,
          ])
        ).rows[0]?.n,
    );
    expect(files).toBe('1');
    // Two app boots and a lock that must lapse: a loaded machine (CI beside other suites) needs more than the default 30 s.
  }, 120_000);
});
