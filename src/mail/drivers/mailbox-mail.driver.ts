import { Logger } from '@nestjs/common';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import type { MailDriver, OutgoingMail } from '../mail.driver.js';
import type { MailboxRepository, NewMailboxAttachment } from '../mailbox/mailbox.repository.js';
import { maskAddress } from '../mail-address.js';

export interface MailboxSettings {
  from: string;
  keep: number;
  days: number;
}

/**
 * Keeps each mail whole in PostgreSQL instead of sending it, for system administrators to read at
 * /admin/mailbox: nothing leaves the machine, yet every link Ieum mails can be followed.
 */
export class MailboxMailDriver implements MailDriver {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly mailbox: MailboxRepository,
    private readonly settings: MailboxSettings,
  ) {}

  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    await this.keep(mail, await readAttachments(mail));
    this.logger.log({ msg: 'mail kept in the mailbox (mailbox driver)', mailId: mail.id, to: maskAddress(mail.to) });
    return { providerMessageId: `mailbox-${mail.id}` };
  }

  /** Stores the mail with its files already read (the iCalendar part becomes invite.ics or cancel.ics, as SMTP sends it). */
  async keep(mail: OutgoingMail, files: NewMailboxAttachment[]): Promise<void> {
    const headers: Record<string, string> = { ...mail.headers };
    if (mail.inReplyTo) headers['In-Reply-To'] = mail.inReplyTo;
    if (mail.references) headers['References'] = mail.references;
    const calendar = mail.calendar
      ? [
          {
            filename: calendarFileName(mail.calendar.method),
            contentType: `text/calendar; charset=utf-8; method=${mail.calendar.method}`,
            content: Buffer.from(mail.calendar.ics, 'utf8'),
          },
        ]
      : [];
    await this.mailbox.store(
      {
        id: mail.id,
        kind: mail.kind ?? 'mail',
        fromAddress: mail.from ?? this.settings.from,
        toAddress: mail.to,
        replyTo: mail.replyTo ?? null,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        messageId: mail.messageId,
        headers,
      },
      [...files, ...calendar],
      { keep: this.settings.keep, days: this.settings.days },
    );
  }

  checkConnection(): Promise<{ ok: boolean; detail: string }> {
    return Promise.resolve({
      ok: true,
      detail: 'mailbox driver: mail is kept in PostgreSQL for system administrators, not sent',
    });
  }
}

/**
 * Another driver (SMTP) that also keeps a copy in the mailbox (MAIL_MAILBOX_COPY). The copy is
 * kept first, keyed by the mail's id, so a send that fails and runs again keeps no second copy;
 * the mailbox shows the mail's status, so a copy of a mail refused for good says so.
 */
export class CopyingMailDriver implements MailDriver {
  constructor(
    private readonly inner: MailDriver,
    private readonly mailbox: MailboxMailDriver,
  ) {}

  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    const files = await readAttachments(mail);
    await this.mailbox.keep(mail, files);
    return this.inner.send({
      ...mail,
      attachments: files.map((f) => ({
        filename: f.filename,
        contentType: f.contentType,
        content: Readable.from(f.content),
      })),
    });
  }

  checkConnection(): Promise<{ ok: boolean; detail: string }> {
    return this.inner.checkConnection();
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

async function readAttachments(mail: OutgoingMail): Promise<NewMailboxAttachment[]> {
  const files: NewMailboxAttachment[] = [];
  for (const attachment of mail.attachments ?? [])
    files.push({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: await buffer(attachment.content),
    });
  return files;
}

function calendarFileName(method: 'REQUEST' | 'CANCEL'): string {
  return method === 'CANCEL' ? 'cancel.ics' : 'invite.ics';
}
