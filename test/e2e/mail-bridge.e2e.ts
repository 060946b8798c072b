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

  const transport = (options: Partial<SMTPTransport.Options> = {}): Transporter => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'mx.partner.example', ...options });
  const messages = async (query = '') => (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100${query}`)).body;
  const bridged = async (query = '') => (await messages(query)).filter((m) => m.kind === 'bot' && m.body.startsWith('✉️'));
  const inboundRows = () =>
    withAdmin(api.config.database.url, async (c) => (await c.query<{ status: string; reason: string | null; auth: Record<string, string> | null; message_id: string | null }>(`SELECT status, reason, auth, message_id FROM inbound_mails ORDER BY received_at`)).rows);

  beforeAll(async () => {
    dns = await DnsServer.start();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    signingKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // partner.example publishes what a well-run mail domain does; spoof.example is claimed by someone else.
    dns.publishTxt('partner.example', 'v=spf1 ip4:127.0.0.1 -all');
    dns.publishTxt('s1._domainkey.partner.example', `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`);
    dns.publishTxt('_dmarc.partner.example', 'v=DMARC1; p=reject');
    dns.publishTxt('spoof.example', 'v=spf1 ip4:192.0.2.1 -all');
    dns.publishTxt('_dmarc.spoof.example', 'v=DMARC1; p=reject');
    sink = await MailSink.start();

    const config = await createTestConfig({
      env: { MAIL_DOMAIN: 'ieum.test', SMTP_PORT: '0', MAIL_DRIVER: 'smtp', MAIL_SMTP_URL: sink.url, MAIL_DNS_SERVERS: dns.address, MAIL_SENDER_PER_HOUR: String(PER_HOUR) },
    });
    api = await startTestApp({ ...config, roles: new Set(['api', 'smtp']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const leeUser = await factory.user(mois, { login: 'lee.mois', displayName: '이행안', email: 'lee@mois.go.kr' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안', email: 'kim@mois.go.kr' });
    kim = await ApiClient.signIn(api.baseUrl, 'kim.mois');
    lee = await ApiClient.signIn(api.baseUrl, 'lee.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '대외협력팀', userIds: [leeUser.id] })).body;
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
    const first = await partner.sendMail({ from: '"박협력" <park@partner.example>', to: address, subject: '자료 요청', text: '예산 자료를 보내 주십시오.', messageId: '<first-1@partner.example>' });
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
    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: 'mail-reply-1', body: '자료 첨부합니다.', threadRootId: root?.id, fileIds: [file.id] });
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
    expect(reply?.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['예산.csv', '항목,금액\n인건비,100\n']]);
    // A person's reply: the correspondent's auto-responder may answer it, so it is not marked automatic.
    expect([reply?.headers.get('auto-submitted'), reply?.headers.get('x-auto-response-suppress')]).toEqual([undefined, undefined]);

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
    await partner.sendMail({ from: 'park@partner.example', to: address, subject: `회신: ${reply?.subject ?? ''}`, text: '추가 질문이 있습니다.' });
    await waitForJobs(worker.app);
    const thread = await messages(`&thread=${root?.id ?? ''}`);
    expect(thread.map((m) => m.body.split('\n').slice(1).join('|')).sort()).toEqual(['', '[RE: Re: 자료 요청]||잘 받았습니다.', '[회신: Re: 자료 요청]||추가 질문이 있습니다.']);
    expect(thread.map((m) => m.threadRootId)).toEqual([root?.id, root?.id, root?.id]);
    expect((await bridged()).filter((m) => m.threadRootId === null)).toHaveLength(1);

    // The next reply answers the latest mail received, and References grows with the thread.
    await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: 'mail-reply-2', body: '답변드립니다.', threadRootId: root?.id });
    await waitForJobs(worker.app);
    const second = sink.mailsTo('park@partner.example')[1];
    const latest = (await inboundRows()).at(-1)?.message_id;
    expect(second?.inReplyTo).toBe(latest);
    expect([second?.references].flat()).toEqual(expect.arrayContaining(['<first-1@partner.example>', reply?.messageId, latest]));
  });

  it('a slash command typed in the thread stays in the room: only the reply after it is mailed', async () => {
    const [root] = await bridged();
    const before = sink.mailsTo('park@partner.example').length;
    await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: 'command-in-thread-1', body: '/도움말', threadRootId: root?.id });
    await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: 'command-in-thread-2', body: '／할일 내부 검토', threadRootId: root?.id });
    await kim.call('POST', `/rooms/${room.id}/messages`, { clientMessageId: 'after-command-1', body: '명령 뒤의 답장입니다.', threadRootId: root?.id });
    await waitForJobs(worker.app);
    expect(sink.mailsTo('park@partner.example').slice(before).map((m) => m.text?.split('\n')[0])).toEqual(['명령 뒤의 답장입니다.']);
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
    const spoofed = () => transport().sendMail({ envelope: { from: 'ceo@spoof.example', to: [address] }, from: '"기관장" <ceo@spoof.example>', to: address, subject: `긴급 송금 ${randomUUID().slice(0, 4)}`, text: '지금 송금하세요.' });
    await spoofed();
    await waitForJobs(worker.app);
    const marked = (await bridged()).at(-1);
    expect(marked?.body).toContain('⚠️ 발신자 인증 실패 (SPF fail, DKIM none, DMARC fail)');
    expect((await inboundRows()).at(-1)?.auth).toEqual({ spf: 'fail', dkim: 'none', dmarc: 'fail' });

    const refused = await lee.call<{ code: string }>('PUT', `/rooms/${room.id}/mail-address/policy`, { authPolicy: 'accept' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_ROOM_OWNER');
    expect((await kim.call('PUT', `/rooms/${room.id}/mail-address/policy`, { authPolicy: 'lenient' })).status).toBe(400);
    expect((await kim.call<{ authPolicy: string }>('PUT', `/rooms/${room.id}/mail-address/policy`, { authPolicy: 'reject' })).body.authPolicy).toBe('reject');

    const postedBefore = (await bridged()).length;
    await spoofed();
    await waitForJobs(worker.app);
    expect((await bridged()).length).toBe(postedBefore);
    expect((await inboundRows()).at(-1)).toMatchObject({ status: 'skipped', reason: 'auth-failed' });
    // Authenticated mail still comes through under "reject".
    await transport({ dkim: { domainName: 'partner.example', keySelector: 's1', privateKey: signingKey } }).sendMail({ from: 'park@partner.example', to: address, subject: '정상 메일', text: '인증된 메일' });
    await waitForJobs(worker.app);
    expect((await bridged()).at(-1)?.body).toContain('[정상 메일]');
  });

  it('mail sent with swaks arrives with its Korean subject, its HTML body made safe text, and its attachment', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ieum-swaks-'));
    const attachment = path.join(dir, 'note.txt');
    await writeFile(attachment, '첨부 파일 내용\n');
    const html = '<p>스웍스로 보낸 <b>본문</b></p><script>alert("x")</script><img src="http://tracker.invalid/pixel.png">';
    const { stdout } = await run('swaks', [
      '--server', `127.0.0.1:${port}`, '--helo', 'mx.partner.example', '--from', 'park@partner.example', '--to', address,
      '--header', `Subject: =?UTF-8?B?${Buffer.from('스웍스 시험').toString('base64')}?=`, '--header', 'From: park@partner.example',
      '--attach-type', 'text/html; charset=utf-8', '--attach-body', html,
      '--attach-type', 'text/plain', '--attach-name', 'note.txt', '--attach', `@${attachment}`,
    ]);
    expect(stdout).toMatch(/<- {2}250 queued as /);
    await waitForJobs(worker.app);
    const posted = (await bridged()).at(-1);
    expect(posted?.body.split('\n').slice(1)).toEqual(['[스웍스 시험]', '', '스웍스로 보낸 본문']);
    expect(posted?.attachments.map((a) => a.name)).toEqual(['note.txt']);
    const file = await fetch(`${api.baseUrl}/files/${posted?.attachments[0]?.id ?? ''}/content`, { headers: { authorization: `Bearer ${kim.token}` } });
    expect(await file.text()).toBe('첨부 파일 내용\n');
  });

  it('a sender past its hourly cap is deferred with 451 and nothing is stored', async () => {
    const flood = transport();
    const count = async () => (await inboundRows()).length;
    for (let i = 0; i < PER_HOUR; i++) await flood.sendMail({ envelope: { from: 'loop@elsewhere.example', to: [address] }, from: 'loop@elsewhere.example', to: address, subject: `반복 ${i}`, text: '.' });
    const stored = await count();
    await expect(flood.sendMail({ envelope: { from: 'loop@elsewhere.example', to: [address] }, from: 'loop@elsewhere.example', to: address, subject: 'one more', text: '.' })).rejects.toMatchObject({ responseCode: 451 });
    expect(await count()).toBe(stored);
    // Someone else is not held up by it.
    expect((await transport().sendMail({ envelope: { from: 'other@elsewhere.example', to: [address] }, from: 'other@elsewhere.example', to: address, subject: '다른 발신자', text: '.' })).response).toMatch(/^250/);
    await waitForJobs(worker.app);
  });
});
