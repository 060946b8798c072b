import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { SmtpIngressServer } from '../../connectors/email/smtp-ingress.server.js';
import type { FileView } from '../../src/files/file.service.js';
import { MailSendJob } from '../../src/mail/mail-send.job.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { DnsServer } from '../utils/dns-server.js';
import { Factory } from '../utils/factories.js';
import { MailSink } from '../utils/mail-sink.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const run = promisify(execFile);
const PER_HOUR = 12;

describe('the e-mail bridge both ways: threads, replies out, sender authentication, rate cap, swaks', () => {
  let dns: DnsServer;
  let sink: MailSink;
  let api: TestApp;
  let worker: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let room: RoomView;
  let address: string;
  let port: number;
  let signingKey: string;

  const transport = (options: Partial<SMTPTransport.Options> = {}): Transporter =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      name: 'mx.partner.example',
      ...options,
    });
  const messages = async (query = '') =>
    (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100${query}`)).body;
  const bridged = async (query = '') =>
    (await messages(query)).filter((m) => m.kind === 'bot' && m.body.startsWith('✉️'));
  const inboundRows = () =>
    withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{
            status: string;
            reason: string | null;
            auth: Record<string, string> | null;
            message_id: string | null;
          }>(`SELECT status, reason, auth, message_id FROM inbound_mails ORDER BY received_at`)
        ).rows,
    );

  beforeAll(async () => {
    dns = await DnsServer.start();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    signingKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // partner.example publishes what a well-run mail domain does; spoof.example is claimed by someone else.
    dns.publishTxt('partner.example', 'v=spf1 ip4:127.0.0.1 -all');
    dns.publishTxt(
      's1._domainkey.partner.example',
      `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    );
    dns.publishTxt('_dmarc.partner.example', 'v=DMARC1; p=reject');
    dns.publishTxt('spoof.example', 'v=spf1 ip4:192.0.2.1 -all');
    dns.publishTxt('_dmarc.spoof.example', 'v=DMARC1; p=reject');
    sink = await MailSink.start();

    const config = await createTestConfig({
      env: {
        MAIL_DOMAIN: 'ieum.test',
        SMTP_PORT: '0',
        MAIL_DRIVER: 'smtp',
        MAIL_SMTP_URL: sink.url,
        MAIL_DNS_SERVERS: dns.address,
        MAIL_SENDER_PER_HOUR: String(PER_HOUR),
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
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '대외협력팀', userIds: [leeUser.id] }))
      .body;
    address = (await kim.call<{ address: string }>('POST', `/rooms/${room.id}/mail-address`)).body.address;
    port = api.app.get(SmtpIngressServer).port ?? 0;
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await sink.close();
    await dns.close();
  });

  it('a reply in the thread of a mail reaches its sender with threading headers, from the room address, with files; the answers thread back', async () => {
    const partner = transport({ dkim: { domainName: 'partner.example', keySelector: 's1', privateKey: signingKey } });
    const first = await partner.sendMail({
      from: '"박협력" <park@partner.example>',
      to: address,
      subject: '자료 요청',
      text: '예산 자료를 보내 주십시오.',
      messageId: '<first-1@partner.example>',
    });
    expect(first.response).toMatch(/^250/);
    await waitForJobs(worker.app);
    const [root] = await bridged();
    expect(root?.body).toBe('✉️ 박협력 <park@partner.example>\n[자료 요청]\n\n예산 자료를 보내 주십시오.');
    expect((await inboundRows()).at(-1)?.auth).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });

    // A plain message in the room (not in the thread) sends nothing.
    await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: 'not-a-reply-1', body: '메일 왔네요' });
    const up = await fetch(`${api.baseUrl}/rooms/${room.id}/files?name=${encodeURIComponent('예산.csv')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kim.token}`, 'content-type': 'text/csv' },
      body: '항목,금액\n인건비,100\n',
    });
    const file = (await up.json()) as FileView;
    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: 'mail-reply-1',
      body: '자료 첨부합니다.',
      threadRootId: root?.id,
      fileIds: [file.id],
    });
    expect(sent.status).toBe(201);
    await waitForJobs(worker.app);

    const outbound = sink.mailsTo('park@partner.example');
    expect(outbound).toHaveLength(1);
    const reply = outbound[0];
    expect(reply?.from?.value[0]).toEqual({ name: '대외협력팀', address });
    expect(reply?.inReplyTo).toBe('<first-1@partner.example>');
    expect(reply?.references).toBe('<first-1@partner.example>');
    expect(reply?.subject).toMatch(/^Re: 자료 요청 \[ieum:[a-z2-7]{10}\]$/);
    expect(reply?.text).toBe('자료 첨부합니다.\n\n-- \n김행안 (행정안전부)\n대외협력팀 · Ieum');
    expect(reply?.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['예산.csv', '항목,금액\n인건비,100\n'],
    ]);
    // A person's reply: the correspondent's auto-responder may answer it, so it is not marked automatic.
    expect([reply?.headers.get('auto-submitted'), reply?.headers.get('x-auto-response-suppress')]).toEqual([
      undefined,
      undefined,
    ]);

    // The partner answers the reply: In-Reply-To and References carry it into the thread.
    await partner.sendMail({
      from: '"박협력" <park@partner.example>',
      to: address,
      subject: `RE: ${reply?.subject ?? ''}`,
      text: '잘 받았습니다.\n\nOn Tue, 24 Nov 2026 김행안 wrote:\n> 자료 첨부합니다.',
      inReplyTo: reply?.messageId,
      references: [...(reply?.references ? [reply.references].flat() : []), reply?.messageId ?? ''],
    });
    // A mail system that drops those headers still lands in the thread through the subject token.
    await partner.sendMail({
      from: 'park@partner.example',
      to: address,
      subject: `회신: ${reply?.subject ?? ''}`,
      text: '추가 질문이 있습니다.',
    });
    await waitForJobs(worker.app);
    const thread = await messages(`&thread=${root?.id ?? ''}`);
    expect(thread.map((m) => m.body.split('\n').slice(1).join('|')).sort()).toEqual([
      '',
      '[RE: Re: 자료 요청]||잘 받았습니다.',
      '[회신: Re: 자료 요청]||추가 질문이 있습니다.',
    ]);
    expect(thread.map((m) => m.threadRootId)).toEqual([root?.id, root?.id, root?.id]);
    expect((await bridged()).filter((m) => m.threadRootId === null)).toHaveLength(1);

    // The next reply answers the latest mail received, and References grows with the thread.
    await kim.call('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: 'mail-reply-2',
      body: '답변드립니다.',
      threadRootId: root?.id,
    });
    await waitForJobs(worker.app);
    const second = sink.mailsTo('park@partner.example')[1];
    const latest = (await inboundRows()).at(-1)?.message_id;
    expect(second?.inReplyTo).toBe(latest);
    expect([second?.references].flat()).toEqual(
      expect.arrayContaining(['<first-1@partner.example>', reply?.messageId, latest]),
    );
  });

  it('a slash command typed in the thread stays in the room: only the reply after it is mailed', async () => {
    const [root] = await bridged();
    const before = sink.mailsTo('park@partner.example').length;
    await kim.call('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: 'command-in-thread-1',
      body: '/도움말',
      threadRootId: root?.id,
    });
    await kim.call('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: 'command-in-thread-2',
      body: '／할일 내부 검토',
      threadRootId: root?.id,
    });
    await kim.call('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: 'after-command-1',
      body: '명령 뒤의 답장입니다.',
      threadRootId: root?.id,
    });
    await waitForJobs(worker.app);
    expect(
      sink
        .mailsTo('park@partner.example')
        .slice(before)
        .map((m) => m.text?.split('\n')[0]),
    ).toEqual(['명령 뒤의 답장입니다.']);
  });

  it('an auto-reply to the thread is neither posted nor answered', async () => {
    const sentBefore = sink.inbox.length;
    const postedBefore = (await bridged()).length;
    const [root] = await bridged();
    const reply = sink.mailsTo('park@partner.example')[0];
    await transport().sendMail({
      from: 'park@partner.example',
      to: address,
      subject: `자동 응답: ${reply?.subject ?? ''}`,
      text: '부재중입니다.',
      inReplyTo: reply?.messageId,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await waitForJobs(worker.app);
    expect((await bridged()).length).toBe(postedBefore);
    expect((await inboundRows()).at(-1)?.reason).toBe('auto-submitted');
    expect(sink.inbox.length).toBe(sentBefore);
    expect(root?.replyCount).toBeGreaterThan(0);
  });

  it('mail failing DMARC is posted with a warning under "mark", not posted under "reject", and only owners choose', async () => {
    const spoofed = () =>
      transport().sendMail({
        envelope: { from: 'ceo@spoof.example', to: [address] },
        from: '"기관장" <ceo@spoof.example>',
        to: address,
        subject: `긴급 송금 ${randomUUID().slice(0, 4)}`,
        text: '지금 송금하세요.',
      });
    await spoofed();
    await waitForJobs(worker.app);
    const marked = (await bridged()).at(-1);
    expect(marked?.body).toContain('⚠️ 발신자 인증 실패 (SPF fail, DKIM none, DMARC fail)');
    expect((await inboundRows()).at(-1)?.auth).toEqual({ spf: 'fail', dkim: 'none', dmarc: 'fail' });

    const refused = await lee.call<{ code: string }>('PUT', `/rooms/${room.id}/mail-address/policy`, {
      authPolicy: 'accept',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_ROOM_OWNER');
    expect((await kim.call('PUT', `/rooms/${room.id}/mail-address/policy`, { authPolicy: 'lenient' })).status).toBe(
      400,
    );
    expect(
      (await kim.call<{ authPolicy: string }>('PUT', `/rooms/${room.id}/mail-address/policy`, { authPolicy: 'reject' }))
        .body.authPolicy,
    ).toBe('reject');

    const postedBefore = (await bridged()).length;
    await spoofed();
    await waitForJobs(worker.app);
    expect((await bridged()).length).toBe(postedBefore);
    expect((await inboundRows()).at(-1)).toMatchObject({ status: 'skipped', reason: 'auth-failed' });
    // Authenticated mail still comes through under "reject".
    await transport({ dkim: { domainName: 'partner.example', keySelector: 's1', privateKey: signingKey } }).sendMail({
      from: 'park@partner.example',
      to: address,
      subject: '정상 메일',
      text: '인증된 메일',
    });
    await waitForJobs(worker.app);
    expect((await bridged()).at(-1)?.body).toContain('[정상 메일]');
  });

  it('mail sent with swaks arrives with its Korean subject, its HTML body made safe text, and its attachment', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ieum-swaks-'));
    const attachment = path.join(dir, 'note.txt');
    await writeFile(attachment, '첨부 파일 내용\n');
    const html =
      '<p>스웍스로 보낸 <b>본문</b></p><script>alert("x")</script><img src="http://tracker.invalid/pixel.png">';
    const { stdout } = await run('swaks', [
      '--server',
      `127.0.0.1:${port}`,
      '--helo',
      'mx.partner.example',
      '--from',
      'park@partner.example',
      '--to',
      address,
      '--header',
      `Subject: =?UTF-8?B?${Buffer.from('스웍스 시험').toString('base64')}?=`,
      '--header',
      'From: park@partner.example',
      '--attach-type',
      'text/html; charset=utf-8',
      '--attach-body',
      html,
      '--attach-type',
      'text/plain',
      '--attach-name',
      'note.txt',
      '--attach',
      `@${attachment}`,
    ]);
    expect(stdout).toMatch(/<- {2}250 queued as /);
    await waitForJobs(worker.app);
    const posted = (await bridged()).at(-1);
    expect(posted?.body.split('\n').slice(1)).toEqual(['[스웍스 시험]', '', '스웍스로 보낸 본문']);
    expect(posted?.attachments.map((a) => a.name)).toEqual(['note.txt']);
    const file = await fetch(`${api.baseUrl}/files/${posted?.attachments[0]?.id ?? ''}/content`, {
      headers: { authorization: `Bearer ${kim.token}` },
    });
    expect(await file.text()).toBe('첨부 파일 내용\n');
  });

  const outboundTo = (to: string) =>
    withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ id: string; status: string; last_error: string | null; message_id: string }>(
            `SELECT id, status, last_error, message_id FROM outbound_mails WHERE to_address = $1 ORDER BY created_at`,
            [to],
          )
        ).rows,
    );
  const noticesIn = async (rootId: string) =>
    (await messages(`&thread=${rootId}`)).filter((m) => m.kind === 'bot' && m.body.startsWith('⚠️'));
  /** Opens a thread with a first mail from `from`, and answers it from the room. */
  const replyTo = async (from: string, subject: string, reply: string) => {
    await transport().sendMail({ from, to: address, subject, text: '안녕하십니까.' });
    await waitForJobs(worker.app);
    const root = (await bridged()).find((m) => m.body.includes(`[${subject}]`));
    expect(root).toBeDefined();
    expect(
      (
        await kim.call('POST', `/rooms/${room.id}/messages`, {
          clientMessageId: `reply-${randomUUID()}`,
          body: reply,
          threadRootId: root?.id,
        })
      ).status,
    ).toBe(201);
    await waitForJobs(worker.app);
    return root?.id ?? '';
  };

  it("a reply its correspondent's server refuses (550) is reported in the thread once, in Korean and English, with the server's line", async () => {
    sink.refuse('gone@partner.example', '550 5.1.1 <gone@partner.example>: Recipient address rejected: User unknown');
    const rootId = await replyTo('gone@partner.example', '인사 드립니다', '수고 많으셨습니다.\n다음에 뵙겠습니다.');
    expect(sink.mailsTo('gone@partner.example')).toHaveLength(0);
    const [mail] = await outboundTo('gone@partner.example');
    expect(mail).toMatchObject({
      status: 'failed',
      last_error: '550 5.1.1 <gone@partner.example>: Recipient address rejected: User unknown',
    });
    const notices = await noticesIn(rootId);
    expect(notices.map((m) => m.body)).toEqual([
      '⚠️ 메일 회신을 전달하지 못했습니다: gone@partner.example\n⚠️ The reply could not be delivered to gone@partner.example.\n서버 응답 / Server response: 550 5.1.1 <gone@partner.example>: Recipient address rejected: User unknown\n> 수고 많으셨습니다.',
    ]);
    expect(notices[0]?.threadRootId).toBe(rootId);
    // The job running again for the same mail (a retry, an event relayed twice) posts nothing more, and mails nothing.
    await worker.app
      .get(MailSendJob)
      .handle({ mailId: mail?.id ?? '' }, { jobId: 'mail-send-again', eventId: undefined, attempt: 2, maxAttempts: 5 });
    expect(await noticesIn(rootId)).toHaveLength(1);
    expect(sink.mailsTo('gone@partner.example')).toHaveLength(0);
  });

  it('a reply refused with 4xx on every attempt is reported in the thread when the attempts run out', async () => {
    sink.refuse('busy@partner.example', '451 4.3.0 <busy@partner.example>: Temporary lookup failure');
    const rootId = await replyTo('busy@partner.example', '잠시 후 답장', '내일 다시 연락드리겠습니다.');
    // Five attempts, one, two, four and eight seconds apart: nothing is said while one is left.
    expect(await noticesIn(rootId)).toHaveLength(0);
    const deadline = Date.now() + 25_000;
    while ((await outboundTo('busy@partner.example'))[0]?.status === 'pending' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    await waitForJobs(worker.app);
    expect((await outboundTo('busy@partner.example'))[0]).toMatchObject({
      status: 'failed',
      last_error: '451 4.3.0 <busy@partner.example>: Temporary lookup failure',
    });
    expect((await noticesIn(rootId)).map((m) => m.body.split('\n')[2])).toEqual([
      '서버 응답 / Server response: 451 4.3.0 <busy@partner.example>: Temporary lookup failure',
    ]);
  }, 40_000);

  it('a delivery report on a reply, mailed back to the room address, becomes the same notice in the thread instead of being dropped', async () => {
    const rootId = await replyTo('moved@partner.example', '주소 변경 안내', '알려 주셔서 감사합니다.');
    const [mail] = await outboundTo('moved@partner.example');
    expect(mail?.status).toBe('sent');
    const dsn = (action: string, diagnostic: string) =>
      [
        `From: Mail Delivery System <MAILER-DAEMON@mx.partner.example>`,
        `To: ${address}`,
        `Subject: Undelivered Mail Returned to Sender`,
        `Message-ID: <${randomUUID()}@mx.partner.example>`,
        `Date: ${new Date().toUTCString()}`,
        `Auto-Submitted: auto-replied`,
        `MIME-Version: 1.0`,
        `Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-b"`,
        ``,
        `--dsn-b`,
        `Content-Type: text/plain; charset=utf-8`,
        ``,
        `This is the mail system at host mx.partner.example.`,
        ``,
        `--dsn-b`,
        `Content-Type: message/delivery-status`,
        ``,
        `Reporting-MTA: dns; mx.partner.example`,
        ``,
        `Final-Recipient: rfc822; moved@partner.example`,
        `Original-Recipient: rfc822;moved@partner.example`,
        `Action: ${action}`,
        `Status: 5.2.2`,
        `Diagnostic-Code: smtp; ${diagnostic}`,
        ``,
        `--dsn-b`,
        `Content-Type: text/rfc822-headers`,
        ``,
        `From: =?utf-8?B?${Buffer.from('대외협력팀').toString('base64')}?= <${address}>`,
        `To: moved@partner.example`,
        `Subject: Re: something`,
        `Message-ID: ${mail?.message_id ?? ''}`,
        ``,
        `--dsn-b--`,
        ``,
      ].join('\r\n');
    const report = (text: string) => transport().sendMail({ envelope: { from: '', to: [address] }, raw: text });
    // A delay is not a failure: dropped as a bounce, as before.
    await report(dsn('delayed', '452 4.2.2 <moved@partner.example>: Mailbox full, will retry'));
    await waitForJobs(worker.app);
    expect(await noticesIn(rootId)).toHaveLength(0);
    expect((await inboundRows()).at(-1)).toMatchObject({ status: 'skipped', reason: 'bounce' });

    await report(dsn('failed', '552 5.2.2 <moved@partner.example>:\r\n    Mailbox full'));
    await waitForJobs(worker.app);
    // A second report on the same mail lands on the first notice.
    await report(dsn('failed', '552 5.2.2 <moved@partner.example>: Mailbox full'));
    await waitForJobs(worker.app);
    expect((await noticesIn(rootId)).map((m) => m.body)).toEqual([
      '⚠️ 메일 회신을 전달하지 못했습니다: moved@partner.example\n⚠️ The reply could not be delivered to moved@partner.example.\n서버 응답 / Server response: 552 5.2.2 <moved@partner.example>: Mailbox full\n> 알려 주셔서 감사합니다.',
    ]);
    expect((await inboundRows()).slice(-2).map((r) => [r.status, r.reason])).toEqual([
      ['posted', 'bounce'],
      ['posted', 'bounce'],
    ]);
    expect((await outboundTo('moved@partner.example'))[0]).toMatchObject({
      status: 'failed',
      last_error: '552 5.2.2 <moved@partner.example>: Mailbox full',
    });
    // The notice is the bridge's, so it is not mailed back to the correspondent.
    expect(sink.mailsTo('moved@partner.example')).toHaveLength(1);
  });

  it('a sender past its hourly cap is deferred with 451 and nothing is stored', async () => {
    const flood = transport();
    const count = async () => (await inboundRows()).length;
    for (let i = 0; i < PER_HOUR; i++)
      await flood.sendMail({
        envelope: { from: 'loop@elsewhere.example', to: [address] },
        from: 'loop@elsewhere.example',
        to: address,
        subject: `반복 ${i}`,
        text: '.',
      });
    const stored = await count();
    await expect(
      flood.sendMail({
        envelope: { from: 'loop@elsewhere.example', to: [address] },
        from: 'loop@elsewhere.example',
        to: address,
        subject: 'one more',
        text: '.',
      }),
    ).rejects.toMatchObject({ responseCode: 451 });
    expect(await count()).toBe(stored);
    // Someone else is not held up by it.
    expect(
      (
        await transport().sendMail({
          envelope: { from: 'other@elsewhere.example', to: [address] },
          from: 'other@elsewhere.example',
          to: address,
          subject: '다른 발신자',
          text: '.',
        })
      ).response,
    ).toMatch(/^250/);
    await waitForJobs(worker.app);
  });
});
