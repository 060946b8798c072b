import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { SmtpIngressServer } from '../../connectors/email/smtp-ingress.server.js';
import { JOB_QUEUE, JobName } from '../../src/bus/bus.constants.js';
import { OutboxRelay } from '../../src/bus/outbox.relay.js';
import { OutboxRepository } from '../../src/bus/outbox.repository.js';
import { QueueService } from '../../src/bus/queue.service.js';
import { MailIngressService } from '../../src/mail-ingress/mail-ingress.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { RedisService } from '../../src/redis/redis.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { DnsServer } from '../utils/dns-server.js';
import { Factory } from '../utils/factories.js';
import { toIso2022Kr } from '../utils/korean-charsets.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

describe('e-mail into rooms: the smtp role and the mail bridge', () => {
  let api: TestApp;
  let worker: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let leeId: string;
  let room: RoomView;
  let address: string;
  let smtp: Transporter;
  let dns: DnsServer;
  let signingKey: string;

  const bridgeMessages = async () =>
    (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`)).body.filter(
      (m) => m.kind === 'bot' && m.body.startsWith('✉️'),
    );
  const inbound = () =>
    withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ status: string; reason: string | null; message_id: string | null }>(
            `SELECT status, reason, message_id FROM inbound_mails ORDER BY received_at`,
          )
        ).rows,
    );
  const raw = (headers: string, body: Buffer | string) =>
    Buffer.concat([
      Buffer.from(
        `From: "외부 기관" <partner@example.org>\r\nTo: ${address}\r\nMessage-ID: <${randomUUID()}@example.org>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n${headers}\r\n\r\n`,
      ),
      Buffer.isBuffer(body) ? body : Buffer.from(body),
      Buffer.from('\r\n'),
    ]);
  const sendRaw = (message: Buffer, to = address) =>
    smtp.sendMail({ envelope: { from: 'partner@example.org', to: [to] }, raw: message });

  beforeAll(async () => {
    // Sender authentication asks a loopback DNS server (no outside lookups): mois.go.kr signs its mail
    // with DKIM and publishes DMARC; korea.kr and example.org publish nothing.
    dns = await DnsServer.start();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    signingKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    dns.publishTxt(
      's1._domainkey.mois.go.kr',
      `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    );
    dns.publishTxt('_dmarc.mois.go.kr', 'v=DMARC1; p=none');
    const config = await createTestConfig({
      env: { MAIL_DOMAIN: 'ieum.test', SMTP_PORT: '0', MAIL_DNS_SERVERS: dns.address },
    });
    api = await startTestApp({ ...config, roles: new Set(['api', 'smtp']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const leeUser = await factory.user(mois, { login: 'lee.mois', displayName: '이행안', email: 'lee@mois.go.kr' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안', email: 'kim@mois.go.kr' });
    await factory.user(mois, { login: 'choi.mois', displayName: '최행안', email: 'choi@korea.kr' });
    kim = await ApiClient.signIn(api.baseUrl, 'kim.mois');
    lee = await ApiClient.signIn(api.baseUrl, 'lee.mois');
    leeId = leeUser.id;
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '예산팀', userIds: [leeUser.id] })).body;
    address = (await kim.call<{ address: string }>('POST', `/rooms/${room.id}/mail-address`)).body.address;
    smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: api.app.get(SmtpIngressServer).port,
      secure: false,
      ignoreTLS: true,
    });
  });

  afterAll(async () => {
    smtp.close();
    await worker.close();
    await api.close();
    await dns.close();
  });

  it('a mail to the room address appears in the room with its attachments, the authenticated sender matched, quotes folded', async () => {
    expect(address).toMatch(/^room-[a-z2-7]{20}@ieum\.test$/);
    const signed = nodemailer.createTransport({
      host: '127.0.0.1',
      port: api.app.get(SmtpIngressServer).port,
      secure: false,
      ignoreTLS: true,
      dkim: { domainName: 'mois.go.kr', keySelector: 's1', privateKey: signingKey },
    });
    const info = await signed.sendMail({
      from: '"이행안" <lee@mois.go.kr>',
      to: address,
      subject: '예산 협의 자료',
      text: '자료 보내드립니다.\n확인 부탁드립니다.\n\n2026년 11월 24일 (화) 김행안님이 작성:\n> 자료 부탁드립니다.',
      attachments: [{ filename: '예산안.csv', content: '항목,금액\n인건비,100\n' }],
    });
    expect(info.response).toMatch(/^250 .*queued as/);
    await waitForJobs(worker.app);
    const [posted] = await bridgeMessages();
    expect(posted?.body).toBe(
      '✉️ 이행안 <lee@mois.go.kr> (이행안)\n[예산 협의 자료]\n\n자료 보내드립니다.\n확인 부탁드립니다.',
    );
    expect(posted?.attachments).toEqual([
      expect.objectContaining({ name: '예산안.csv', contentType: 'text/plain; charset=utf-8' }),
    ]);
    const file = await fetch(`${api.baseUrl}/files/${posted?.attachments[0]?.id ?? ''}/content`, {
      headers: { authorization: `Bearer ${kim.token}` },
    });
    expect(await file.text()).toBe('항목,금액\n인건비,100\n');
    signed.close();
  });

  it("never vouches for unauthenticated mail with a colleague's name: a domain without records, or one failing DMARC, shows the address only", async () => {
    const before = (await bridgeMessages()).length;
    // korea.kr publishes nothing (SPF, DKIM and DMARC all none): nothing fails, and nothing proves the sender.
    await smtp.sendMail({
      from: '"최행안" <choi@korea.kr>',
      to: address,
      subject: '무인증 메일',
      text: '누가 보냈을까요',
    });
    // Unsigned mail from mois.go.kr fails its DMARC (p=none): posted with the warning, still no name.
    await smtp.sendMail({ from: '"이행안" <lee@mois.go.kr>', to: address, subject: '위조 메일', text: '서명 없음' });
    await waitForJobs(worker.app);
    const [unsigned, forged] = (await bridgeMessages()).slice(before);
    expect(unsigned?.body).toBe('✉️ choi@korea.kr\n[무인증 메일]\n\n누가 보냈을까요');
    expect(forged?.body.split('\n').slice(0, 4)).toEqual(['✉️ lee@mois.go.kr', '[위조 메일]', '', '서명 없음']);
    expect(forged?.body).toContain('⚠️ 발신자 인증 실패 (SPF none, DKIM none, DMARC fail)');
    expect(forged?.body).not.toContain('이행안');
  });

  it('an HTML-only mail is posted as safe text: no script or style source, no image addresses, links with their address', async () => {
    const before = (await bridgeMessages()).length;
    const html = [
      '<html><head><style>p { color: red } .tracker { display: none }</style><script>var stolen = document.cookie;</script></head><body>',
      '<p>안내드립니다.</p><img src="http://tracker.invalid/open.gif?u=kim" alt="pixel"><script>fetch("http://tracker.invalid/x")</script>',
      '<p>자세한 내용은 <a href="https://www.mois.go.kr/notice/1">공지</a>를 보십시오.</p></body></html>',
    ].join('');
    await sendRaw(raw('Subject: HTML 메일\r\nContent-Type: text/html; charset=utf-8', html));
    await waitForJobs(worker.app);
    const [posted] = (await bridgeMessages()).slice(before);
    expect(posted?.body.split('\n').slice(1)).toEqual([
      '[HTML 메일]',
      '',
      '안내드립니다.',
      '',
      '자세한 내용은 공지 [https://www.mois.go.kr/notice/1]를 보십시오.',
    ]);
  });

  it('reads every charset Korean mail uses: UTF-8, EUC-KR, CP949, ISO-2022-KR, and RFC 2047 subjects', async () => {
    const before = (await bridgeMessages()).length;
    const b64 = (bytes: Buffer, charset: string) => `=?${charset}?B?${bytes.toString('base64')}?=`;
    await sendRaw(
      raw(
        `Subject: =?UTF-8?Q?=EC=9C=A0=ED=8B=B0=EC=97=90=ED=94=84?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable`,
        '=EC=95=88=EB=85=95=ED=95=98=EC=84=B8=EC=9A=94',
      ),
    );
    await sendRaw(
      raw(
        `Subject: ${b64(iconv.encode('완성형 제목', 'euc-kr'), 'euc-kr')}\r\nContent-Type: text/plain; charset=euc-kr\r\nContent-Transfer-Encoding: 8bit`,
        iconv.encode('완성형 본문입니다.', 'euc-kr'),
      ),
    );
    await sendRaw(
      raw(
        `Subject: ${b64(iconv.encode('똠방각하 확장', 'cp949'), 'ks_c_5601-1987')}\r\nContent-Type: text/plain; charset=ks_c_5601-1987\r\nContent-Transfer-Encoding: base64`,
        iconv.encode('똠방각하 본문', 'cp949').toString('base64'),
      ),
    );
    await sendRaw(
      raw(
        `Subject: ${b64(toIso2022Kr('옛 메일 제목'), 'iso-2022-kr')}\r\nContent-Type: text/plain; charset=iso-2022-kr\r\nContent-Transfer-Encoding: 7bit`,
        toIso2022Kr('옛 메일 본문'),
      ),
    );
    await waitForJobs(worker.app);
    const posted = (await bridgeMessages()).slice(before).map((m) => m.body.split('\n').slice(1).join('|'));
    expect(posted.sort()).toEqual(
      [
        '[완성형 제목]||완성형 본문입니다.',
        '[똠방각하 확장]||똠방각하 본문',
        '[옛 메일 제목]||옛 메일 본문',
        '[유티에프]||안녕하세요',
      ].sort(),
    );
  });

  it('reads ISO-2022-KR inside base64 and quoted-printable parts and in an RFC 2231 file name, and leaves the other parts byte for byte', async () => {
    const before = (await bridgeMessages()).length;
    const qp = (bytes: Buffer) => [...bytes].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const percent = (bytes: Buffer) =>
      [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    await sendRaw(
      raw(
        `Subject: base64 KR\r\nContent-Type: text/plain; charset=ISO-2022-KR\r\nContent-Transfer-Encoding: base64`,
        toIso2022Kr('베이스64로 보낸 옛 본문\r\n둘째 줄').toString('base64'),
      ),
    );
    await sendRaw(
      raw(
        `Subject: =?iso-2022-kr?Q?${qp(toIso2022Kr('인용 가능'))}?=\r\nContent-Type: text/plain; charset=iso-2022-kr\r\nContent-Transfer-Encoding: quoted-printable`,
        qp(toIso2022Kr('인용 가능 형식의 옛 본문')),
      ),
    );
    const name = toIso2022Kr('협조 요청 공문.txt');
    // A second file in UTF-8 that names the charset and holds an SO byte: rewriting the raw message once changed it.
    const other = Buffer.from('참고: charset=iso-2022-kr \u000e그대로\r\n');
    const mixed = Buffer.concat([
      Buffer.from(
        ['--kr', 'Content-Type: text/plain; charset=iso-2022-kr', 'Content-Transfer-Encoding: 7bit', '', ''].join(
          '\r\n',
        ),
      ),
      toIso2022Kr('첨부를 확인해 주십시오.'),
      Buffer.from(
        [
          '',
          '--kr',
          `Content-Type: text/plain; name*=iso-2022-kr''${percent(name)}`,
          `Content-Disposition: attachment; filename*0*=iso-2022-kr''${percent(name.subarray(0, 9))}; filename*1*=${percent(name.subarray(9))}`,
          'Content-Transfer-Encoding: base64',
          '',
          toIso2022Kr('공문 내용').toString('base64'),
          '--kr',
          'Content-Type: text/plain; charset=utf-8; name=note.txt',
          'Content-Disposition: attachment; filename=note.txt',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      other,
      Buffer.from('--kr--'),
    ]);
    await sendRaw(raw(`Subject: attachment KR\r\nContent-Type: multipart/mixed; boundary="kr"`, mixed));
    await waitForJobs(worker.app);
    const posted = (await bridgeMessages()).slice(before);
    expect(posted.map((m) => m.body.split('\n').slice(1).join('|')).sort()).toEqual([
      '[attachment KR]||첨부를 확인해 주십시오.',
      '[base64 KR]||베이스64로 보낸 옛 본문|둘째 줄',
      '[인용 가능]||인용 가능 형식의 옛 본문',
    ]);
    const files = posted.find((m) => m.body.includes('[attachment KR]'))?.attachments ?? [];
    expect(files.map((a) => a.name)).toEqual(['협조 요청 공문.txt', 'note.txt']);
    const content = async (id: string) =>
      Buffer.from(
        await (
          await fetch(`${api.baseUrl}/files/${id}/content`, { headers: { authorization: `Bearer ${kim.token}` } })
        ).arrayBuffer(),
      );
    // An attachment is stored as it was sent (ISO-2022-KR here), not converted.
    expect((await content(files[0]?.id ?? '')).equals(toIso2022Kr('공문 내용'))).toBe(true);
    expect((await content(files[1]?.id ?? '')).toString('latin1')).toBe(other.subarray(0, -2).toString('latin1'));
  });

  it('posts a Message-ID once, and never an auto-reply, bulk mail, a loop or a bounce', async () => {
    const before = (await bridgeMessages()).length;
    const once = raw('Subject: 같은 메일\r\nContent-Type: text/plain; charset=utf-8', '두 번 와도 한 번');
    await sendRaw(once);
    await sendRaw(once);
    await sendRaw(
      raw(
        'Subject: 부재중\r\nAuto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8',
        '휴가 중입니다',
      ),
    );
    await sendRaw(raw('Subject: 뉴스레터\r\nPrecedence: bulk\r\nContent-Type: text/plain; charset=utf-8', '구독 안내'));
    await sendRaw(raw('Subject: 고리\r\nX-Loop: ieum\r\nContent-Type: text/plain; charset=utf-8', '루프'));
    await smtp.sendMail({
      envelope: { from: '', to: [address] },
      raw: raw('Subject: Undelivered\r\nContent-Type: text/plain', 'bounce'),
    });
    await waitForJobs(worker.app);
    const posted = (await bridgeMessages()).slice(before);
    expect(posted.map((m) => m.body.split('\n')[1])).toEqual(['[같은 메일]']);
    const reasons = (await inbound()).slice(-6).map((r) => r.reason ?? r.status);
    expect(reasons).toEqual(['posted', 'duplicate', 'auto-submitted', 'bulk', 'loop', 'bounce']);
  });

  it('never posts mail from its own domain: a header From or an envelope sender at MAIL_DOMAIN, in any case', async () => {
    const before = (await bridgeMessages()).length;
    const stored = (await inbound()).length;
    await smtp.sendMail({
      envelope: { from: 'partner@example.org', to: [address] },
      from: '"Ieum" <noreply@IEUM.test>',
      to: address,
      subject: '되돌아온 알림',
      text: '내 도메인의 From',
    });
    // The same room takes mail from outside as ever.
    await sendRaw(raw('Subject: 바깥 메일\r\nContent-Type: text/plain; charset=utf-8', '바깥에서 온 메일'));
    await smtp.sendMail({
      envelope: { from: 'digest@ieum.test', to: [address] },
      raw: raw('Subject: 봉투만 내 도메인\r\nContent-Type: text/plain; charset=utf-8', '내 도메인의 봉투'),
    });
    await waitForJobs(worker.app);
    expect((await bridgeMessages()).length).toBe(before + 1);
    expect((await inbound()).slice(stored).map((r) => r.reason ?? r.status)).toEqual([
      'own-domain',
      'posted',
      'own-domain',
    ]);
  });

  it('only room owners make or rotate the address; members read the one that exists', async () => {
    const other = (
      await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '주소 없는 방', userIds: [leeId] })
    ).body;
    const made = await lee.call<{ code: string }>('POST', `/rooms/${other.id}/mail-address`);
    expect([made.status, made.body.code]).toEqual([403, 'NOT_ROOM_OWNER']);
    const rotated = await lee.call<{ code: string }>('POST', `/rooms/${room.id}/mail-address/rotate`);
    expect([rotated.status, rotated.body.code]).toEqual([403, 'NOT_ROOM_OWNER']);
    expect((await lee.call<{ address: string }>('POST', `/rooms/${room.id}/mail-address`)).body).toEqual({ address });
    expect((await kim.call<{ address: string }>('POST', `/rooms/${other.id}/mail-address`)).body.address).toMatch(
      /^room-[a-z2-7]{20}@ieum\.test$/,
    );
    expect((await lee.call<{ address: string }>('POST', `/rooms/${other.id}/mail-address`)).status).toBe(200);
  });

  it('refuses an unknown or rotated address at RCPT and takes nothing', async () => {
    const count = (await inbound()).length;
    await expect(
      smtp.sendMail({
        from: 'partner@example.org',
        to: 'room-aaaaaaaaaaaaaaaaaaaa@ieum.test',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      smtp.sendMail({
        from: 'partner@example.org',
        to: `${address.split('@')[0] ?? ''}@other.example`,
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const rotated = (await kim.call<{ address: string }>('POST', `/rooms/${room.id}/mail-address/rotate`)).body.address;
    await expect(
      smtp.sendMail({ from: 'partner@example.org', to: address, subject: 'old', text: 'old' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect((await inbound()).length).toBe(count);
    address = rotated;
    expect(
      (await sendRaw(raw('Subject: 새 주소\r\nContent-Type: text/plain; charset=utf-8', '새 주소로'))).response,
    ).toMatch(/^250/);
  });

  it('a mail accepted while no worker runs, and whose job Redis lost, is posted once when a worker comes back', async () => {
    await waitForJobs(worker.app);
    const before = (await bridgeMessages()).length;
    await worker.close();
    expect(
      (await sendRaw(raw('Subject: 일꾼 없음\r\nContent-Type: text/plain; charset=utf-8', '250 이후 유실 없음')))
        .response,
    ).toMatch(/^250/);
    // The raw message is committed and its job relayed to Redis; now Redis loses every job.
    for (
      const deadline = Date.now() + 10_000;
      (await api.app.get(OutboxRepository).countPending()) > 0 && Date.now() < deadline;
    )
      await api.app.get(OutboxRelay).drain();
    const redis = api.app.get(RedisService).client;
    const keys = await redis.keys(`${api.app.get(QueueService).prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    // The sweep finds committed mails older than half a minute; it is asked as if that time had passed.
    expect(await worker.app.get(MailIngressService).requeue(new Date(Date.now() + 60_000))).toBe(1);
    await waitForJobs(worker.app);
    expect(await worker.app.get(MailIngressService).requeue(new Date(Date.now() + 60_000))).toBe(0);
    const posted = (await bridgeMessages()).slice(before);
    expect(posted.map((m) => m.body.split('\n')[1])).toEqual(['[일꾼 없음]']);
  });

  it('an archived room refuses mail at RCPT; a mail accepted just before the archive fails once instead of being retried', async () => {
    await waitForJobs(worker.app);
    await worker.close();
    expect(
      (await sendRaw(raw('Subject: 보관 직전\r\nContent-Type: text/plain; charset=utf-8', '보관 직전에 온 메일')))
        .response,
    ).toMatch(/^250/);
    expect((await kim.call('POST', `/rooms/${room.id}/archive`)).status).toBe(204);
    const stored = (await inbound()).length;
    await expect(
      sendRaw(raw('Subject: 보관 후\r\nContent-Type: text/plain; charset=utf-8', '보관 뒤에 온 메일')),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect((await inbound()).length).toBe(stored);

    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await waitForJobs(worker.app);
    expect((await inbound()).at(-1)).toMatchObject({ status: 'failed', reason: 'room-archived' });
    const jobs = await worker.app.get(QueueService).queue(JOB_QUEUE[JobName.MailIngest]).getJobs(['failed', 'delayed']);
    expect(jobs.filter((j) => j.name === JobName.MailIngest).map((j) => [j.attemptsMade, j.failedReason])).toEqual([
      [1, expect.stringContaining('archived')],
    ]);
    expect(await worker.app.get(MailIngressService).requeue(new Date(Date.now() + 60_000))).toBe(0);
  });
});
