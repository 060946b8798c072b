import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { PermanentMailError, type MailDriver, type OutgoingMail } from '../mail.driver.js';

export interface SmtpSettings {
  /** smtp://user:password@host:port or smtps://…; never logged. */
  url: string;
  from: string;
}

/** Sends through an SMTP server with a connection pool (nodemailer). */
export class SmtpMailDriver implements MailDriver {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(private readonly settings: SmtpSettings) {
    const url = new URL(settings.url);
    this.transport = nodemailer.createTransport({
      pool: true,
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } satisfies SMTPPool.Options);
  }

  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: mail.from ?? this.settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        messageId: mail.messageId,
        replyTo: mail.replyTo ?? undefined,
        inReplyTo: mail.inReplyTo ?? undefined,
        references: mail.references ?? undefined,
        headers: mail.headers,
        attachments: mail.attachments?.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
        icalEvent: mail.calendar
          ? {
              method: mail.calendar.method,
              filename: mail.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
              content: mail.calendar.ics,
            }
          : undefined,
      });
      return { providerMessageId: info.messageId };
    } catch (error) {
      const {
        responseCode: code,
        response,
        code: kind,
      } = error as { responseCode?: number; response?: string; code?: string };
      // The server's own line ("550 5.1.1 <x@y>: Recipient address rejected") is what a person is shown; nodemailer's message wraps it.
      const reason = typeof response === 'string' && response.trim() ? firstLine(response) : firstLine(error);
      // 5xx is the server's final word on this mail; 4xx and network trouble may pass on a retry.
      if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentMailError(reason);
      // Nodemailer's own refusal of the envelope, no server asked (no recipient, an address it cannot write), is as final.
      if (kind === 'EENVELOPE' && code === undefined) throw new PermanentMailError(reason);
      throw new Error(reason, { cause: error });
    }
  }

  async checkConnection(): Promise<{ ok: boolean; detail: string }> {
    try {
      await this.transport.verify();
      return { ok: true, detail: 'SMTP server accepted the connection' };
    } catch (error) {
      return { ok: false, detail: `SMTP server unreachable: ${firstLine(error)}` };
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

function firstLine(error: unknown): string {
  return ((error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0] ?? '').trim();
}
