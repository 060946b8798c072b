import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MAIL_DRIVER, PermanentMailError, type MailDriver } from './mail.driver.js';
import { FileService } from '../files/file.service.js';
import { isMailAddress } from './mail-address.js';
import { MailFailureHooks } from './mail-failure.hooks.js';
import { MailRepository } from './mail.repository.js';

@Injectable()
export class MailSendJob {
  constructor(
    private readonly mails: MailRepository,
    private readonly files: FileService,
    @Inject(MAIL_DRIVER) private readonly driver: MailDriver,
    private readonly failures: MailFailureHooks,
    private readonly uow: UnitOfWork,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Sends once: a mail already sent (or failed for good) is skipped. A crash between the send and
   * the mark sends it again with the same Message-ID, which receivers use to drop the copy. A mail
   * refused for good (5xx) or out of attempts is marked failed, and a mail-failed event written
   * in the same transaction, so whoever wrote it is told by a job of its own, retried on its own.
   * A mail with no address to send to (a thread whose sender could not be read) fails on its first
   * attempt: no retry can give it one.
   */
  @OnJob(JobName.MailSend)
  async handle(data: JobPayload<typeof JobName.MailSend>, context: JobContext): Promise<{ sent: boolean }> {
    const mail = await this.mails.findById(data.mailId);
    if (!mail) throw new UnrecoverableError(`mail ${data.mailId} does not exist`);
    if (mail.status !== 'pending') return { sent: false };
    const attachments: Array<Awaited<ReturnType<FileService['openStored']>>> = [];
    try {
      if (!isMailAddress(mail.toAddress.trim()))
        throw new PermanentMailError(
          `받는 사람 주소가 올바르지 않습니다 / no valid recipient address: "${mail.toAddress.slice(0, 100)}"`,
        );
      for (const fileId of mail.fileIds) attachments.push(await this.files.openStored(fileId));
      const { providerMessageId } = await this.driver.send({
        id: mail.id,
        messageId: mail.messageId,
        kind: mail.kind,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
        calendar:
          mail.calendarMethod && mail.calendarIcs ? { method: mail.calendarMethod, ics: mail.calendarIcs } : null,
        from: mail.fromAddress,
        replyTo: mail.replyTo,
        inReplyTo: mail.inReplyTo,
        references: mail.referencesHeader,
        headers: mail.headers,
        attachments: attachments.flatMap((a) =>
          a ? [{ filename: a.file.name, contentType: a.file.contentType, content: a.stream }] : [],
        ),
      });
      await this.mails.markSent(mail.id, providerMessageId);
      return { sent: true };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Attempts are also counted on the mail, across jobs (a sweep's re-add starts a job at 1).
      const lastAttempt = Math.max(mail.attempts + 1, context.attempt) >= context.maxAttempts;
      if (error instanceof PermanentMailError || lastAttempt) {
        await this.mails.recordAttempt(mail.id, reason);
        await this.uow.run(async (tx) => {
          if (await this.mails.markFailed(tx, mail.id, reason))
            await this.events.publish(tx, { name: JobName.MailFailed, data: { mailId: mail.id } });
        });
        throw new UnrecoverableError(
          `mail ${mail.id} ${error instanceof PermanentMailError ? 'refused' : `failed ${context.maxAttempts} times`}: ${reason}`,
        );
      }
      await this.mails.recordAttempt(mail.id, reason);
      throw error;
    } finally {
      // A send that failed before reading them must still close them (a PostgreSQL read holds a transaction).
      for (const attachment of attachments) attachment?.stream.destroy();
    }
  }

  /** Tells the features that wrote a failed mail (its hooks are idempotent; a failing one is retried with the job). */
  @OnJob(JobName.MailFailed)
  async failed(data: JobPayload<typeof JobName.MailFailed>): Promise<{ told: boolean }> {
    const mail = await this.mails.findById(data.mailId);
    if (mail?.status !== 'failed') return { told: false };
    await this.failures.run({
      id: mail.id,
      kind: mail.kind,
      messageId: mail.messageId,
      to: mail.toAddress,
      text: mail.textBody,
      reason: mail.lastError ?? '',
    });
    return { told: true };
  }
}
