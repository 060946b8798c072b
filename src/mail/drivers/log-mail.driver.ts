import { Logger } from '@nestjs/common';
import { maskAddress } from '../mail-address.js';
import type { MailDriver, OutgoingMail } from '../mail.driver.js';

/** Development driver: records that a mail went out, never its body (it may hold personal data). */
export class LogMailDriver implements MailDriver {
  private readonly logger = new Logger('Mail');

  send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    // Attachment streams are opened for the send; nothing reads them here.
    for (const attachment of mail.attachments ?? []) attachment.content.destroy();
    this.logger.log({
      msg: 'mail sent (log driver)',
      mailId: mail.id,
      to: maskAddress(mail.to),
      subject: mail.subject,
      bytes: Buffer.byteLength(mail.text),
      attachments: mail.attachments?.length ?? 0,
    });
    return Promise.resolve({ providerMessageId: `log-${mail.id}` });
  }

  checkConnection(): Promise<{ ok: boolean; detail: string }> {
    return Promise.resolve({ ok: true, detail: 'log driver: mail is written to the log, not sent' });
  }
}
