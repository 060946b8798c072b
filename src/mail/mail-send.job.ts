import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { MAIL_DRIVER, PermanentMailError, type MailDriver } from './mail.driver.js';
import { MailRepository } from './mail.repository.js';

@Injectable()
export class MailSendJob {
  constructor(
    private readonly mails: MailRepository,
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
    try {
      const { providerMessageId } = await this.driver.send({
        id: mail.id,
        messageId: mail.messageId,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
        calendar: mail.calendarMethod && mail.calendarIcs ? { method: mail.calendarMethod, ics: mail.calendarIcs } : null,
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
    }
  }
}
