import { expect } from '@jest/globals';
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps every mail it accepts, parsed, for a test to read. */
export class MailSink {
  readonly inbox: ParsedMail[] = [];
  /** RCPT TO answers by address, for recipients the sink refuses ("550 5.1.1 …", "451 4.2.0 …"). */
  private readonly refusals = new Map<string, { code: number; text: string }>();
  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refusals.get(address.address.toLowerCase());
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.inbox.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
  }

  static async start(): Promise<MailSink> {
    const sink = new MailSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  /** What MAIL_SMTP_URL should say to send here. */
  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** From now on RCPT TO this address is answered with `response` ("550 5.1.1 <x@y>: Recipient address rejected"). */
  refuse(address: string, response: string): void {
    const match = /^([45]\d\d) (.+)$/.exec(response);
    if (!match?.[1] || !match[2]) throw new Error(`not an SMTP refusal: ${response}`);
    this.refusals.set(address.toLowerCase(), { code: Number(match[1]), text: match[2] });
  }

  mailsTo(address: string): ParsedMail[] {
    return this.inbox.filter((m) =>
      (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((t) => t.value.some((v) => v.address === address)),
    );
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The iCalendar object a mail carries (as its text/calendar part or .ics file). */
export function icsOf(mail: ParsedMail | undefined): ICAL.Component {
  const part = mail?.attachments.find(
    (a) => a.contentType.startsWith('text/calendar') || a.contentType === 'application/ics',
  );
  expect(part).toBeDefined();
  return new ICAL.Component(ICAL.parse(part ? part.content.toString('utf8') : '') as unknown[]);
}
