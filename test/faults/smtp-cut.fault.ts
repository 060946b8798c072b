import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { SmtpIngressServer } from '../../connectors/email/smtp-ingress.server.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { DnsServer } from '../utils/dns-server.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';
import { report } from './support.js';

/** Speaks SMTP line by line, so a test can stop anywhere in the conversation. */
class RawSmtp {
  private buffered = '';
  private waiting: Array<() => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  static async open(port: number): Promise<RawSmtp> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const smtp = new RawSmtp(socket);
    await smtp.reply();
    return smtp;
  }

  /** The next complete reply (its last line has a space after the code). */
  async reply(): Promise<string> {
    for (;;) {
      const match = /^(?:\d{3}-.*\r\n)*\d{3} .*\r\n/.exec(this.buffered);
      if (match) {
        this.buffered = this.buffered.slice(match[0].length);
        return match[0];
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  async say(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  write(raw: string): void {
    this.socket.write(raw);
  }

  cut(): void {
    this.socket.destroy();
  }
}

/**
 * Mail senders whose connection drops: in the middle of DATA (nothing may be kept: the sender was
 * never told 250 and will send again), and right after the final dot before the 250 could be read
 * (the mail is kept, and the sender's second try is the same mail, posted once).
 */
describe('faults: SMTP clients cut off mid-DATA', () => {
  let app: TestApp;
  let dns: DnsServer;
  let kim: ApiClient;
  let room: RoomView;
  let address: string;

  beforeAll(async () => {
    dns = await DnsServer.start();
    const config = await createTestConfig({
      env: { MAIL_DOMAIN: 'ieum.test', MAIL_DNS_SERVERS: dns.address, SMTP_PORT: '0' },
    });
    app = await startTestApp({ ...config, roles: new Set(['api', 'smtp', 'worker']) });
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안', email: 'kim@mois.go.kr' });
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '민원 수신' })).body;
    address = (await kim.call<{ address: string }>('POST', `/rooms/${room.id}/mail-address`)).body.address;
  });

  afterAll(async () => {
    await app.close();
    await dns.close();
  });

  it('keeps nothing of a mail cut before its end, and posts a mail cut after its end once', async () => {
    const port = app.app.get(SmtpIngressServer).port;
    if (port === undefined) throw new Error('the SMTP ingress is not listening');
    const message = (subject: string, id: string) =>
      [
        `From: partner@example.org`,
        `To: ${address}`,
        `Subject: ${subject}`,
        `Message-ID: <${id}@example.org>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `${subject} 본문 `.repeat(200),
        '',
      ].join('\r\n');
    const begin = async (): Promise<RawSmtp> => {
      const smtp = await RawSmtp.open(port);
      expect(await smtp.say('EHLO client.example.org')).toMatch(/^250/);
      expect(await smtp.say('MAIL FROM:<partner@example.org>')).toMatch(/^250/);
      expect(await smtp.say(`RCPT TO:<${address}>`)).toMatch(/^250/);
      expect(await smtp.say('DATA')).toMatch(/^354/);
      return smtp;
    };
    const resend = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const sent: string[] = [];
    const fullSize = Buffer.byteLength(message('중단 0', randomUUID()));
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      const raw = message(`중단 ${i}`, id);
      const smtp = await begin();
      if (i % 2 === 0) {
        // Cut halfway through the body: never acknowledged.
        smtp.write(raw.slice(0, raw.length / 2));
      } else {
        // The whole mail and its final dot, then gone before the 250 arrives.
        smtp.write(`${raw}.\r\n`);
      }
      smtp.cut();
      // The sender's next try: the same mail, to the end.
      const again = await resend.sendMail({ envelope: { from: 'partner@example.org', to: [address] }, raw });
      expect(again.response).toMatch(/^250/);
      sent.push(`<${id}@example.org>`);
    }
    resend.close();
    await waitForJobs(app.app);
    const posted = (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`)).body.filter(
      (m) => m.kind === 'bot' && m.body.includes('중단'),
    );
    const kept = await withAdmin(
      app.config.database.url,
      async (c) =>
        (
          await c.query<{ status: string; reason: string | null; size: number }>(
            `SELECT status, reason, size FROM inbound_mails WHERE room_id = $1`,
            [room.id],
          )
        ).rows,
    );
    // Every mail kept is whole (a second copy of one cut after its dot is kept too, as a duplicate
    // that is not posted); none is a piece of a mail cut before its end.
    const partial = kept.filter((row) => row.size !== fullSize);
    const postedPerMail = sent.map((id) => posted.filter((m) => m.body.includes(`중단 ${sent.indexOf(id)}`)).length);
    report('SMTP clients cut mid-DATA (5) and after the final dot (5), then resending', {
      sent: sent.length,
      posted: posted.length,
      lost: postedPerMail.filter((n) => n === 0).length,
      doubled: postedPerMail.filter((n) => n > 1).length,
      keptAsDuplicate: kept.filter((row) => row.status === 'skipped' && row.reason === 'duplicate').length,
      partialKept: partial.length,
    });
    expect(partial).toEqual([]);
    expect(postedPerMail).toEqual(sent.map(() => 1));
  }, 60_000);
});
