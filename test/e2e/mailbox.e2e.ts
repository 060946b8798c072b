import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import type { FileView } from '../../src/files/file.service.js';
import { UserRole } from '../../src/identity/identity.types.js';
import { MAIL_DRIVER, type MailDriver } from '../../src/mail/mail.driver.js';
import { MailService, type MailToSend } from '../../src/mail/mail.service.js';
import type { MailboxMailView, MailboxPage } from '../../src/mail/mailbox/mailbox.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { MailSink } from '../utils/mail-sink.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:mailbox-test@ieum.test',
  'SUMMARY:주간 점검',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

async function people(app: TestApp): Promise<{ root: ApiClient; kim: ApiClient }> {
  const factory = new Factory(app.app);
  const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
  await factory.user(agency, { login: 'root', displayName: '시스템관리자', roles: [UserRole.SystemAdmin] });
  await factory.user(agency, { login: 'kim.mois', displayName: '김행안', roles: [UserRole.AgencyAdmin] });
  return { root: await ApiClient.signIn(app.baseUrl, 'root'), kim: await ApiClient.signIn(app.baseUrl, 'kim.mois') };
}

async function enqueue(app: TestApp, mail: Partial<MailToSend> & { to: string }): Promise<string> {
  const { id } = await app.app
    .get(UnitOfWork)
    .run((tx) => app.app.get(MailService).enqueue(tx, { kind: 'test', subject: '제목', text: '본문', ...mail }));
  return id;
}

async function upload(app: TestApp, client: ApiClient, name: string, content: string): Promise<FileView> {
  const res = await fetch(`${app.baseUrl}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/octet-stream' },
    body: content,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as FileView;
}

describe('the demo mailbox: with nothing configured mail stays on the machine, and system administrators read it', () => {
  let app: TestApp;
  let root: ApiClient;
  let kim: ApiClient;

  beforeAll(async () => {
    // MAIL_DRIVER unset: the mailbox driver. Five kept at most.
    app = await startTestApp(await createTestConfig({ env: { MAIL_MAILBOX_KEEP: '5' } }));
    ({ root, kim } = await people(app));
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps a mail whole: recipient, subject, the text, the HTML as a download, files and the .ics', async () => {
    expect(app.config.mail.driver).toBe('mailbox');
    const file = await upload(app, kim, '회의 자료.txt', '안건 1. 예산\n');
    const id = await enqueue(app, {
      kind: 'meeting-invitation',
      to: 'guest@committee.example',
      subject: '[이음] 회의 초대: 주간 점검',
      text: '참여 링크: http://localhost:3000/meetings/guest/abc/join',
      html: '<p>참여 <a href="http://localhost:3000/meetings/guest/abc/join">링크</a></p><script>alert(1)</script>',
      calendar: { method: 'REQUEST', ics: ICS },
      fileIds: [file.id],
    });
    await waitForJobs(app.app);

    const page = await root.call<MailboxPage>('GET', '/admin-api/mailbox');
    expect(page.status).toBe(200);
    expect(page.body.keeping).toBe(true);
    expect(page.body.retention).toEqual({ keep: 5, days: 14 });
    expect(page.body.mails[0]).toMatchObject({
      id,
      kind: 'meeting-invitation',
      to: 'guest@committee.example',
      from: '"Ieum 이음" <no-reply@ieum.localhost>',
      subject: '[이음] 회의 초대: 주간 점검',
      status: 'sent',
      hasHtml: true,
      attachments: [
        {
          ordinal: 0,
          filename: '회의 자료.txt',
          contentType: expect.stringContaining('text/plain'),
          size: Buffer.byteLength('안건 1. 예산\n'),
        },
        {
          ordinal: 1,
          filename: 'invite.ics',
          contentType: 'text/calendar; charset=utf-8; method=REQUEST',
          size: Buffer.byteLength(ICS),
        },
      ],
    });

    const mail = await root.call<MailboxMailView>('GET', `/admin-api/mailbox/${id}`);
    expect(mail.body).toMatchObject({
      text: '참여 링크: http://localhost:3000/meetings/guest/abc/join',
      messageId: `<${id}@ieum.localhost>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });

    const ics = await fetch(`${app.baseUrl}/admin-api/mailbox/${id}/attachments/1`, {
      headers: { authorization: `Bearer ${root.token}` },
    });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-disposition')).toBe(
      `attachment; filename="invite.ics"; filename*=UTF-8''invite.ics`,
    );
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(await ics.text()).toBe(ICS);
    const attached = await fetch(`${app.baseUrl}/admin-api/mailbox/${id}/attachments/0`, {
      headers: { authorization: `Bearer ${root.token}` },
    });
    expect(attached.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('회의 자료.txt')}`,
    );
    expect(await attached.text()).toBe('안건 1. 예산\n');

    const html = await fetch(`${app.baseUrl}/admin-api/mailbox/${id}/html`, {
      headers: { authorization: `Bearer ${root.token}` },
    });
    expect(html.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await html.text()).toContain('<script>alert(1)</script>');
  });

  it('is for system administrators only, and answers coded errors for what is not there', async () => {
    const id = (await root.call<MailboxPage>('GET', '/admin-api/mailbox')).body.mails[0]?.id ?? '';
    for (const path of [
      '/admin-api/mailbox',
      `/admin-api/mailbox/${id}`,
      `/admin-api/mailbox/${id}/attachments/0`,
      `/admin-api/mailbox/${id}/html`,
    ]) {
      const refused = await kim.call<{ code: string }>('GET', path);
      expect([path, refused.status, refused.body.code]).toEqual([path, 403, 'MAILBOX_ADMINS_ONLY']);
    }
    expect((await root.call<{ code: string }>('GET', `/admin-api/mailbox/${randomUUID()}`)).body.code).toBe(
      'MAILBOX_MAIL_NOT_FOUND',
    );
    expect((await root.call<{ code: string }>('GET', `/admin-api/mailbox/${id}/attachments/7`)).body.code).toBe(
      'MAILBOX_MAIL_NOT_FOUND',
    );
    expect((await root.call<{ code: string }>('GET', '/admin-api/mailbox?cursor=bm9uc2Vuc2U')).body.code).toBe(
      'MAILBOX_BAD_CURSOR',
    );
    expect((await root.call<{ code: string }>('GET', '/admin-api/mailbox?limit=500')).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('keeps one copy when a send runs again, pages newest first, finds by recipient or subject', async () => {
    const id = await enqueue(app, { to: 'twice@example.org', subject: '두 번 보내진 메일' });
    await waitForJobs(app.app);
    const driver = app.app.get<MailDriver>(MAIL_DRIVER);
    await driver.send({
      id,
      messageId: `<${id}@ieum.localhost>`,
      to: 'twice@example.org',
      subject: '두 번 보내진 메일',
      text: '본문',
      html: null,
      calendar: null,
      attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: Readable.from(Buffer.from('a')) }],
    });
    const rows = await withAdmin(
      app.config.database.url,
      async (c) => (await c.query(`SELECT 1 FROM mailbox_mails WHERE id = $1`, [id])).rowCount,
    );
    expect(rows).toBe(1);
    expect((await root.call<MailboxMailView>('GET', `/admin-api/mailbox/${id}`)).body.attachments).toEqual([]);

    const found = await root.call<MailboxPage>('GET', `/admin-api/mailbox?q=${encodeURIComponent('twice@')}`);
    expect(found.body.mails.map((m) => m.id)).toEqual([id]);
    expect(
      (await root.call<MailboxPage>('GET', `/admin-api/mailbox?q=${encodeURIComponent('두 번')}`)).body.mails.map(
        (m) => m.id,
      ),
    ).toEqual([id]);
    expect(
      (await root.call<MailboxPage>('GET', `/admin-api/mailbox?q=${encodeURIComponent('100%')}`)).body.mails,
    ).toEqual([]);

    const first = await root.call<MailboxPage>('GET', '/admin-api/mailbox?limit=1');
    expect(first.body.mails.map((m) => m.id)).toEqual([id]);
    const second = await root.call<MailboxPage>(
      'GET',
      `/admin-api/mailbox?limit=1&cursor=${first.body.nextCursor ?? ''}`,
    );
    expect(second.body.mails).toHaveLength(1);
    expect(second.body.mails[0]?.id).not.toBe(id);
  });

  it('keeps only the newest MAIL_MAILBOX_KEEP mails, and none older than MAIL_MAILBOX_DAYS', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await enqueue(app, { to: `many${i}@example.org`, subject: `많은 메일 ${i}` }));
      await waitForJobs(app.app);
    }
    const kept = await root.call<MailboxPage>('GET', '/admin-api/mailbox?limit=100');
    expect(kept.body.mails.map((m) => m.id)).toEqual(ids.slice(2).reverse());
    // The outbound mails themselves are not the mailbox's to remove.
    expect(
      await withAdmin(
        app.config.database.url,
        async (c) => (await c.query(`SELECT 1 FROM outbound_mails WHERE id = $1`, [ids[0]])).rowCount,
      ),
    ).toBe(1);

    await withAdmin(app.config.database.url, (c) =>
      c.query(`UPDATE mailbox_mails SET created_at = now() - interval '15 days' WHERE id = $1`, [ids[2]]),
    );
    const fresh = await enqueue(app, { to: 'fresh@example.org' });
    await waitForJobs(app.app);
    const after = await root.call<MailboxPage>('GET', '/admin-api/mailbox?limit=100');
    expect(after.body.mails.map((m) => m.id)).toEqual([fresh, ...ids.slice(3).reverse()]);
  });
});

describe('the mailbox beside SMTP (MAIL_MAILBOX_COPY): mail goes out and a copy stays', () => {
  let app: TestApp;
  let root: ApiClient;
  let kim: ApiClient;
  let sink: MailSink;

  beforeAll(async () => {
    sink = await MailSink.start();
    app = await startTestApp(
      await createTestConfig({
        env: { MAIL_DRIVER: 'smtp', MAIL_SMTP_URL: sink.url, MAIL_MAILBOX_COPY: 'true', MAIL_DOMAIN: 'ieum.test' },
      }),
    );
    ({ root, kim } = await people(app));
  });

  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('sends over SMTP with the files, and the mailbox shows the same mail; a refused one shows as failed', async () => {
    const file = await upload(app, kim, 'note.txt', 'hello');
    const id = await enqueue(app, {
      to: 'out@example.org',
      subject: '밖으로 가는 메일',
      calendar: { method: 'REQUEST', ics: ICS },
      fileIds: [file.id],
    });
    await waitForJobs(app.app);
    const [sent] = sink.mailsTo('out@example.org');
    expect(sent?.subject).toBe('밖으로 가는 메일');
    expect(sent?.attachments.find((a) => a.filename === 'note.txt')?.content.toString()).toBe('hello');
    const copy = await root.call<MailboxMailView>('GET', `/admin-api/mailbox/${id}`);
    expect(copy.body).toMatchObject({
      status: 'sent',
      subject: '밖으로 가는 메일',
      attachments: [{ filename: 'note.txt', size: 5 }, { filename: 'invite.ics' }],
    });
    expect(copy.body.messageId).toBe(sent?.messageId);

    sink.refuse('nobody@example.org', '550 5.1.1 <nobody@example.org>: Recipient address rejected');
    const refused = await enqueue(app, { to: 'nobody@example.org', subject: '받는 사람 없음' });
    await waitForJobs(app.app);
    await eventually(async () =>
      expect((await root.call<MailboxMailView>('GET', `/admin-api/mailbox/${refused}`)).body).toMatchObject({
        status: 'failed',
        lastError: expect.stringContaining('550'),
      }),
    );
    expect(sink.mailsTo('nobody@example.org')).toEqual([]);
  });
});
