import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { MAIL_DRIVER, type MailDriver } from './mail.driver.js';
import { MailRepository } from './mail.repository.js';

@Injectable()
export class MailSendJob {
  constructor(
    private readonly mails: MailRepository,
    @Inject(MAIL_DRIVER) private readonly driver: MailDriver,
  ) {}

  /** Sends once: a mail already marked sent is skipped, so a retried job does not send it again. */
  @OnJob(JobName.MailSend)
  async handle(data: JobPayload<typeof JobName.MailSend>): Promise<{ sent: boolean }> {
    const mail = await this.mails.findById(data.mailId);
    if (!mail) throw new UnrecoverableError(`mail ${data.mailId} does not exist`);
    if (mail.status !== 'pending') return { sent: false };
    const { providerMessageId } = await this.driver.send({ id: mail.id, to: mail.toAddress, subject: mail.subject, text: mail.textBody });
    await this.mails.markSent(mail.id, providerMessageId);
    return { sent: true };
  }
}
