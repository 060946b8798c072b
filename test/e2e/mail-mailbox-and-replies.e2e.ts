import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { ImapPoller } from '../../connectors/email/imap-poller.js';
import { SmtpIngressServer } from '../../connectors/email/smtp-ingress.server.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { MailIngressService } from '../../src/mail-ingress/mail-ingress.service.js';
import { DigestService } from '../../src/notifications/digest.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { DnsServer } from '../utils/dns-server.js';
import { Factory } from '../utils/factories.js';
import { ImapServer } from '../utils/imap-server.js';
import { MailSink } from '../utils/mail-sink.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const PER_HOUR = 5;
const MAX_BYTES = 200_000;

describe('mail from an IMAP mailbox, and replies to notification mails', () => {
  let dns: DnsServer;
  let sink: MailSink;
  let imap: ImapServer;
  let api: TestApp;
  let worker: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let room: RoomView;
  let config: Awaited<ReturnType<typeof createTestConfig>>;

  const bridged = async (query = '') =>
    (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100${query}`)).body.filter(
      (m) => m.kind === 'bot' && m.body.startsWith('✉️'),
    );
  const inboundRows = () =>
    withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ status: string; reason: string | null; envelope_to: string }>(
            `SELECT status, reason, envelope_to FROM inbound_mails ORDER BY received_at`,
          )
        ).rows,
    );
  const watermark = () =>
    withAdmin(
      api.config.database.url,
      async (c) =>
        (await c.query<{ mailbox: string; last_uid: string }>(`SELECT mailbox, last_uid FROM mailbox_watermarks`)).rows,
    );
  /** A mail as a delivering server leaves it in a mailbox; no Message-ID, so only the watermark can keep it from being read twice. */
  const delivered = (n: number) =>
    `Return-Path: <partner@example.org>\r\nFrom: "외부 기관" <partner@example.org>\r\nTo: office@example.org\r\nSubject: 우편함 ${n}\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n우편함 본문 ${n}\r\n`;
  const startPoller = () =>
    startTestApp({
      ...config,
      roles: new Set(['smtp']),
      mail: {
        ...config.mail,
        smtpPort: 0,
        imap: { url: imap.url, roomId: room.id, mailbox: 'INBOX', intervalMs: 100 },
      },
    });
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (const deadline = Date.now() + 15_000; !(await check());) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    dns = await DnsServer.start();
    // mois.go.kr's mail leaves from this machine: its SPF passes for mail sent here over loopback.
    dns.publishTxt('mois.go.kr', 'v=spf1 ip4:127.0.0.1 -all');
    sink = await MailSink.start();
    imap = await ImapServer.start();
    config = await createTestConfig({
      env: {
        MAIL_DOMAIN: 'ieum.test',
        SMTP_PORT: '0',
        MAIL_DRIVER: 'smtp',
        MAIL_SMTP_URL: sink.url,
        MAIL_DNS_SERVERS: dns.address,
        DIGEST_QUIET_MINUTES: '1',
        MAIL_SENDER_PER_HOUR: String(PER_HOUR),
        SMTP_MAX_BYTES: String(MAX_BYTES),
      },
    });
    api = await startTestApp({ ...config, roles: new Set(['api', 'smtp']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const leeUser = await factory.user(mois, { login: 'lee.mois', displayName: '이행안', email: 'lee@mois.go.kr' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안', email: 'kim@mois.go.kr' });
    kim = await ApiClient.signIn(api.baseUrl, 'kim.mois');
    lee = await ApiClient.signIn(api.baseUrl, 'lee.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '민원팀', userIds: [leeUser.id] })).body;
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await imap.close();
    await sink.close();
    await dns.close();
  });

  it('polls the mailbox into the room: each mail once, across a restart of the poller, and never twice from two polls at once', async () => {
    await imap.append(delivered(1));
    await imap.append(delivered(2));
    const poller = await startPoller();
    await until(async () => (await inboundRows()).length === 2, 'two mails read');
    await waitForJobs(worker.app);
    // Two polls racing over the same UIDs: the watermark moves in each mail's transaction, so neither stores one again.
    await Promise.all([poller.app.get(ImapPoller).pollOnce(), poller.app.get(ImapPoller).pollOnce()]);
    await poller.close();

    await imap.append(delivered(3));
    expect((await inboundRows()).length).toBe(2);
    const restarted = await startPoller();
    await until(async () => (await inboundRows()).length === 3, 'the third mail read after the restart');
    await Promise.all([restarted.app.get(ImapPoller).pollOnce(), restarted.app.get(ImapPoller).pollOnce()]);
    await restarted.close();
    await waitForJobs(worker.app);

    // The first two are ingested side by side, so they may be posted in either order.
    expect((await bridged()).map((m) => m.body.split('\n').slice(1).join('|')).sort()).toEqual([
      '[우편함 1]||우편함 본문 1',
      '[우편함 2]||우편함 본문 2',
      '[우편함 3]||우편함 본문 3',
    ]);
    expect((await inboundRows()).map((r) => r.envelope_to)).toEqual(Array(3).fill(`poll@127.0.0.1:${imap.port}/inbox`));
    expect(await watermark()).toEqual([{ mailbox: `poll@127.0.0.1:${imap.port}/INBOX`, last_uid: '3' }]);
  });

  it('checks its connection without throwing and without naming the password', async () => {
    const good = await startPoller();
    await expect(good.app.get(ImapPoller).checkConnection()).resolves.toEqual({
      ok: true,
      detail: `poll@127.0.0.1:${imap.port}/INBOX: 3 messages, next UID 4`,
    });
    await good.close();
    const wrong = await startTestApp({
      ...config,
      roles: new Set(['worker']),
      mail: {
        ...config.mail,
        imap: {
          url: imap.url.replace(imap.password, 'wrong-secret'),
          roomId: room.id,
          mailbox: 'INBOX',
          intervalMs: 60_000,
        },
      },
    });
    const check = await wrong.app.get(ImapPoller).checkConnection();
    await wrong.close();
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/^poll@127\.0\.0\.1:\d+\/INBOX: .*(fail|auth)/i);
    expect(check.detail).not.toContain('wrong-secret');
  });

  it('a polled mailbox keeps the SMTP limits: a mail over SMTP_MAX_BYTES becomes a notice, a sender past its hourly cap is kept but not posted', async () => {
    const before = (await inboundRows()).length;
    const posted = (await bridged()).length;
    const from = (sender: string, subject: string, body: string) =>
      `Return-Path: <${sender}>\r\nFrom: ${sender}\r\nTo: office@example.org\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
    for (let i = 0; i < PER_HOUR + 2; i++) await imap.append(from('loop@elsewhere.example', `loop ${i}`, `반복 ${i}`));
    const last = await imap.append(from('big@example.org', 'big one', 'x'.repeat(MAX_BYTES + 50_000)));
    const poller = await startPoller();
    await until(
      async () => (await watermark())[0]?.last_uid === String(last),
      'the watermark past every new mail',
    ).finally(() => poller.close());
    await waitForJobs(worker.app);
    // Past the cap the mail is kept, marked, not posted: nothing is lost, and the loop stops.
    expect((await inboundRows()).slice(before).map((r) => r.status)).toEqual([
      ...Array<string>(PER_HOUR).fill('posted'),
      'skipped',
      'skipped',
      'posted',
    ]);
    const bodies = (await bridged()).slice(posted).map((m) => m.body.split('\n').slice(1, 3).join('|'));
    expect(bodies.slice(0, PER_HOUR).sort()).toEqual(Array.from({ length: PER_HOUR }, (_, i) => `[loop ${i}]|`).sort());
    const notice = (await bridged()).at(-1)?.body ?? '';
    expect(notice.split('\n').slice(0, 3)).toEqual(['✉️ big@example.org', '[big one]', '']);
    expect(notice).toContain(
      `⚠️ 메일이 너무 커서(245 KiB, 한도 196 KiB) 가져오지 않았습니다. 원문은 우편함 poll@127.0.0.1:${imap.port}/INBOX에 그대로 있습니다.`,
    );
    expect(notice).not.toContain('xxxx');
  });

  it('a UID that fetches nothing (an answer lost, say) stops the poll there and is read on the next one, not skipped for good', async () => {
    const posted = (await bridged()).length;
    const stored = (await inboundRows()).length;
    const gap = await imap.append(delivered(10));
    await imap.append(delivered(11));
    const original = ImapFlow.prototype.fetchOne;
    let dropped = 0;
    ImapFlow.prototype.fetchOne = function (this: ImapFlow, ...args: Parameters<ImapFlow['fetchOne']>) {
      if (dropped === 0 && args[0] === String(gap)) {
        dropped++;
        return Promise.resolve(false);
      }
      return original.apply(this, args);
    };
    const poller = await startPoller();
    try {
      await until(async () => (await inboundRows()).length === stored + 2, 'both mails stored');
    } finally {
      await poller.close();
      ImapFlow.prototype.fetchOne = original;
    }
    await waitForJobs(worker.app);
    expect(dropped).toBe(1);
    expect(
      (await bridged())
        .slice(posted)
        .map((m) => m.body.split('\n')[1])
        .sort(),
    ).toEqual(['[우편함 10]', '[우편함 11]']);
  });

  it('a notification mail gives each thread a reply address; mail to it is posted in that thread, and refused at RCPT once the person left the room', async () => {
    const mention = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: 'mention-lee-1',
      body: '@lee.mois 민원 회신 초안 검토 부탁드립니다',
    });
    const digest = worker.app.get(DigestService);
    expect(await digest.sweep(new Date(Date.now() + 2 * 60_000))).toBe(1);
    await waitForJobs(worker.app);
    const [notice] = sink.mailsTo('lee@mois.go.kr');
    const replyTo = notice?.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^reply-[a-z2-7]{20}@ieum\.test$/);
    expect(notice?.text).toContain(`메일로 답장: ${replyTo}`);
    // RFC 3834 §5: the digest is automatic mail, and says so (Exchange reads the second field).
    expect([notice?.headers.get('auto-submitted'), notice?.headers.get('x-auto-response-suppress')]).toEqual([
      'auto-generated',
      'All',
    ]);

    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: api.app.get(SmtpIngressServer).port,
      secure: false,
      ignoreTLS: true,
    });
    await smtp.sendMail({
      from: '"이행안" <lee@mois.go.kr>',
      to: replyTo,
      subject: `Re: ${notice?.subject ?? ''}`,
      inReplyTo: notice?.messageId,
      text: '검토했습니다. 두 곳 고쳤습니다.\n\n> 민원 회신 초안 검토 부탁드립니다',
    });
    await waitForJobs(worker.app);
    const thread = await bridged(`&thread=${mention.body.id}`);
    expect(thread.map((m) => [m.threadRootId, m.body])).toEqual([
      [mention.body.id, '✉️ 이행안 <lee@mois.go.kr> (이행안)\n\n검토했습니다. 두 곳 고쳤습니다.'],
    ]);

    // The address alone proves nothing (a notification may be forwarded): mail nothing authenticates is posted marked unverified.
    await smtp.sendMail({
      from: '"이행안" <lee.home@example.net>',
      to: replyTo,
      subject: `Re: ${notice?.subject ?? ''}`,
      text: '집에서 보냅니다.',
    });
    await waitForJobs(worker.app);
    const unverified = (await bridged(`&thread=${mention.body.id}`)).at(-1);
    expect(unverified?.body).toBe(
      "✉️ 이행안 <lee.home@example.net>\n\n집에서 보냅니다.\n\n⚠️ 미확인 발신자: 이행안 님의 회신 주소로 왔지만 보낸 사람을 확인하지 못했습니다. / Unverified sender: sent to 이행안's reply address, but the sender could not be verified.",
    );

    // A later mention in the same thread is answered at the same address.
    await kim.call('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: 'mention-lee-2',
      body: '@lee.mois 한 번 더 봐 주세요',
      threadRootId: mention.body.id,
    });
    expect(await digest.sweep(new Date(Date.now() + 4 * 60_000))).toBe(1);
    await waitForJobs(worker.app);
    expect(sink.mailsTo('lee@mois.go.kr')[1]?.replyTo?.value[0]?.address).toBe(replyTo);

    // Once the person has left, the address is refused at RCPT: the sender's server bounces it and nothing is stored.
    expect((await lee.call('DELETE', `/rooms/${room.id}/members/me`)).status).toBe(204);
    const stored = (await inboundRows()).length;
    await expect(
      smtp.sendMail({ from: 'lee@mois.go.kr', to: replyTo, subject: 'Re: 다시', text: '나간 뒤의 답장' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await waitForJobs(worker.app);
    expect((await inboundRows()).length).toBe(stored);
    expect(await bridged(`&thread=${mention.body.id}`)).toHaveLength(2);
    smtp.close();
  });

  it('a reply address in an agency room is refused once its person has moved to another agency, and any reply address once the room is archived', async () => {
    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: api.app.get(SmtpIngressServer).port,
      secure: false,
      ignoreTLS: true,
    });
    const agencyRoom = (await lee.call<Array<{ id: string; kind: string }>>('GET', '/rooms')).body.find(
      (r) => r.kind === 'agency',
    );
    // Listing rooms puts each person in their agency's room.
    expect((await kim.call<Array<{ id: string }>>('GET', '/rooms')).body.map((r) => r.id)).toContain(agencyRoom?.id);
    const root = await kim.call<MessageView>('POST', `/rooms/${agencyRoom?.id ?? ''}/messages`, {
      clientMessageId: 'agency-root-1',
      body: '전 직원 공지 회신 바랍니다',
    });
    expect(root.status).toBe(201);
    const leeId =
      (await withAdmin(
        api.config.database.url,
        async (c) => (await c.query<{ id: string }>(`SELECT id FROM users WHERE login = 'lee.mois'`)).rows[0]?.id,
      )) ?? '';
    const ingress = api.app.get(MailIngressService);
    const replyTo = await api.app
      .get(UnitOfWork)
      .run((tx) => ingress.replyAddress(tx, leeId, agencyRoom?.id ?? '', root.body.id));
    expect(await ingress.knowsRecipient(replyTo)).toBe(true);

    // The membership row is still there until the next sync; the org chart already says no.
    const moved = await new Factory(api.app).agency({ code: '1311000', name: '교육부' });
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE users SET agency_id = $1 WHERE id = $2`, [moved.id, leeId]),
    );
    await expect(
      smtp.sendMail({ from: 'lee@mois.go.kr', to: replyTo, subject: 'Re: 공지', text: '옮긴 뒤의 답장' }),
    ).rejects.toMatchObject({ responseCode: 550 });

    // Kim's reply address in an archived group room is refused too.
    const group = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '보관될 방' })).body;
    const groupRoot = await kim.call<MessageView>('POST', `/rooms/${group.id}/messages`, {
      clientMessageId: 'archived-root-1',
      body: '곧 보관합니다',
    });
    const kimId =
      (await withAdmin(
        api.config.database.url,
        async (c) => (await c.query<{ id: string }>(`SELECT id FROM users WHERE login = 'kim.mois'`)).rows[0]?.id,
      )) ?? '';
    const kimReply = await api.app
      .get(UnitOfWork)
      .run((tx) => ingress.replyAddress(tx, kimId, group.id, groupRoot.body.id));
    expect(await ingress.knowsRecipient(kimReply)).toBe(true);
    expect((await kim.call('POST', `/rooms/${group.id}/archive`)).status).toBe(204);
    await expect(
      smtp.sendMail({ from: 'kim@mois.go.kr', to: kimReply, subject: 'Re: 보관', text: '보관 뒤의 답장' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    smtp.close();
  });

  describe('senders as Korean mailers write them, and replies that have nowhere to go', () => {
    let desk: RoomView;
    let deskAddress: string;
    const word = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
    const deskMail = async (query = '') =>
      (await kim.call<MessageView[]>('GET', `/rooms/${desk.id}/messages?limit=100${query}`)).body.filter(
        (m) => m.kind === 'bot',
      );
    /** Sends a raw mail into the desk room; the envelope sender differs from the header so that only the header can name the sender. */
    const send = async (headers: string, body: string) => {
      const smtp = nodemailer.createTransport({
        host: '127.0.0.1',
        port: api.app.get(SmtpIngressServer).port,
        secure: false,
        ignoreTLS: true,
      });
      const raw = `${headers}\r\nTo: ${deskAddress}\r\nMessage-ID: <${Math.random().toString(36).slice(2)}@mailer.example.kr>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
      await smtp
        .sendMail({ envelope: { from: 'bounce-7731@mailer.example.kr', to: [deskAddress] }, raw })
        .finally(() => smtp.close());
      await waitForJobs(worker.app);
    };
    /** The room's replies in one thread, as the outbox holds them. */
    const repliesIn = (rootId: string) =>
      withAdmin(
        api.config.database.url,
        async (c) =>
          (
            await c.query<{ status: string; attempts: number; to_address: string }>(
              `SELECT o.status, o.attempts, o.to_address FROM outbound_mails o JOIN mail_thread_messages m ON m.rfc_message_id = o.message_id JOIN mail_threads t ON t.id = m.thread_id WHERE t.root_message_id = $1 ORDER BY o.created_at`,
              [rootId],
            )
          ).rows,
      );

    beforeAll(async () => {
      desk = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '민원창구' })).body;
      deskAddress = (await kim.call<{ address: string }>('POST', `/rooms/${desk.id}/mail-address`)).body.address;
    });

    it('a From that is one encoded word holding name and address is shown and answered as mail programs do', async () => {
      await send(
        'From: =?UTF-8?B?7ZmN6ri464+ZIDxob25nQGV4YW1wbGUua3I+?=\r\nSubject: 민원 문의',
        '주차장 이용 시간이 궁금합니다.',
      );
      const [root] = await deskMail();
      expect(root?.body).toBe('✉️ 홍길동 <hong@example.kr>\n[민원 문의]\n\n주차장 이용 시간이 궁금합니다.');
      expect(
        (
          await kim.call('POST', `/rooms/${desk.id}/messages`, {
            clientMessageId: 'desk-reply-1',
            body: '평일 오전 9시부터입니다.',
            threadRootId: root?.id,
          })
        ).status,
      ).toBe(201);
      await waitForJobs(worker.app);
      expect(sink.mailsTo('hong@example.kr').map((m) => m.text?.split('\n')[0])).toEqual(['평일 오전 9시부터입니다.']);
      expect(await deskMail(`&thread=${root?.id ?? ''}`)).toEqual([]);
    });

    it('an encoded line break in a name or subject never becomes a line of its own in the room', async () => {
      await send(
        `From: ${word('홍길동\r\nBcc: boss@mois.go.kr')} <hong@example.kr>\r\nSubject: ${word('안내\r\nBcc: boss@mois.go.kr')}`,
        '본문',
      );
      const posted = (await deskMail()).at(-1)?.body ?? '';
      expect(posted.split('\n')).toEqual([
        '✉️ 홍길동 Bcc: boss@mois.go.kr <hong@example.kr>',
        '[안내 Bcc: boss@mois.go.kr]',
        '',
        '본문',
      ]);
    });

    it('a reply with no valid recipient fails at once, not after five attempts, and the thread is told why in both languages', async () => {
      await send('From: "박민원" <park@example.kr>\r\nSubject: 오래된 문의', '답을 기다립니다.');
      const root = (await deskMail()).find((m) => m.body.includes('[오래된 문의]'));
      // A thread opened before senders were read this way kept no address to answer.
      await withAdmin(api.config.database.url, (c) =>
        c.query(`UPDATE mail_threads SET correspondent = '' WHERE root_message_id = $1`, [root?.id]),
      );
      expect(
        (
          await kim.call('POST', `/rooms/${desk.id}/messages`, {
            clientMessageId: 'desk-reply-2',
            body: '답변드립니다.',
            threadRootId: root?.id,
          })
        ).status,
      ).toBe(201);
      await waitForJobs(worker.app);
      expect(await repliesIn(root?.id ?? '')).toEqual([{ status: 'failed', attempts: 1, to_address: '' }]);
      expect((await deskMail(`&thread=${root?.id ?? ''}`)).map((m) => m.body)).toEqual([
        '⚠️ 메일 회신을 보내지 못했습니다: 받는 사람의 메일 주소가 없습니다.\n⚠️ The reply could not be sent: it has no valid recipient address.\n> 답변드립니다.',
      ]);
    });
  });
});
