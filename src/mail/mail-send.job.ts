import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { MAIL_DRIVER, PermanentMailError, type MailDriver } from './mail.driver.js';
import { FileService } from '../files/file.service.js';
import { MailRepository } from './mail.repository.js';

@Injectable()
export class MailSendJob {
  constructor(
    private readonly mails: MailRepository,
    private readonly files: FileService,
    @Inject(MAIL_DRIVER) private readonly driver: MailDriver,
  ) {}

  /**
   * Sends once: a mail already sent (or failed for good) is skipped. A crash between the send and
   * the mark sends it again with the same Message-ID, which receivers use to drop the copy.
   */
  @OnJob(JobName.MailSend)
  async handle(data: JobPayload<typeof JobName.MailSend>): Promise<{ sent: boolean }> {
    const mail = await this.mails.findById(data.mailId);
    if (!mail) throw new UnrecoverableError(`mail ${data.mailId} does not exist`);
    if (mail.status !== 'pending') return { sent: false };
    const attachments: Array<Awaited<ReturnType<FileService['openStored']>>> = [];
    try {
      for (const fileId of mail.fileIds) attachments.push(await this.files.openStored(fileId));
      const { providerMessageId } = await this.driver.send({
        id: mail.id,
        messageId: mail.messageId,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
        calendar: mail.calendarMethod && mail.calendarIcs ? { method: mail.calendarMethod, ics: mail.calendarIcs } : null,
        from: mail.fromAddress,
        replyTo: mail.replyTo,
        inReplyTo: mail.inReplyTo,
        references: mail.referencesHeader,
        headers: mail.headers,
        attachments: attachments.flatMap((a) => (a ? [{ filename: a.file.name, contentType: a.file.contentType, content: a.stream }] : [])),
      });
      await this.mails.markSent(mail.id, providerMessageId);
      return { sent: true };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentMailError) {
        await this.mails.markFailed(mail.id, reason);
        throw new UnrecoverableError(`mail ${mail.id} refused: ${reason}`);
      }
      await this.mails.recordAttempt(mail.id, reason);
      throw error;
    } finally {
      // A send that failed before reading them must still close them (a PostgreSQL read holds a transaction).
      for (const attachment of attachments) attachment?.stream.destroy();
    }
  }
}
