import { Logger, type OnModuleInit } from '@nestjs/common';
import { JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { BotMessenger } from '../commands/bot-messenger.service.js';
import { NoticeSender } from '../commands/sdk/bot.decorator.js';
import type { BotMetadata } from '../commands/sdk/command-table.js';
import { MailBounceService, type UndeliveredNotice } from './mail-bounce.service.js';
import type { IngestPlan } from './mail-ingest-plan.js';
import { MailIngestService } from './mail-ingest.service.js';
import { MailFailureHooks, type FailedMail, type MailFailureHook } from '../mail/mail-failure.hooks.js';
import { MessengerException, MessengerExceptionCode } from '../messenger/messenger.exception.js';

/** The account received mail is posted under (메일 연결). */
export const MAIL_SENDER: BotMetadata = { id: 'mail', displayName: { ko: '메일 연결', en: 'E-mail bridge' } };

/** Why a notice cannot be posted however often it is tried. */
const UNREACHABLE: ReadonlySet<MessengerExceptionCode> = new Set([
  MessengerExceptionCode.RoomArchived,
  MessengerExceptionCode.RoomNotFound,
  MessengerExceptionCode.MessageNotFound,
]);

/** The e-mail bridge's domain side: it posts the mail that rooms receive, and says when a reply did not arrive. */
@NoticeSender(MAIL_SENDER)
export class MailIngestJob implements MailFailureHook, OnModuleInit {
  private readonly logger = new Logger(MailIngestJob.name);

  constructor(
    private readonly ingestion: MailIngestService,
    private readonly bounces: MailBounceService,
    private readonly failures: MailFailureHooks,
    private readonly messenger: BotMessenger,
  ) {}

  onModuleInit(): void {
    this.failures.register(this);
  }

  /**
   * Posts one received mail, once: a retried job finds it handled, and the message's client id
   * (from the Message-ID) makes a second copy of the same mail land on the first post. A mail
   * answering a thread is posted as a reply in it; any other opens a thread of its own.
   */
  @OnJob(JobName.MailIngest)
  async ingest(data: JobPayload<typeof JobName.MailIngest>, context: JobContext): Promise<{ outcome: string }> {
    const plan = await this.ingestion.plan(data.inboundId, context.jobId);
    if (!plan) return { outcome: 'done-before' };
    if (plan.kind === 'skip') {
      await this.ingestion.finish(data.inboundId, {
        status: 'skipped',
        reason: plan.reason,
        messageId: plan.messageId,
        auth: plan.auth,
      });
      return { outcome: `skipped: ${plan.reason}` };
    }
    if (plan.kind === 'notice') {
      const posted = await this.postNotice(plan).catch((error: unknown) =>
        this.ingestion.postFailed(data.inboundId, error),
      );
      await this.ingestion.finish(data.inboundId, {
        status: 'posted',
        reason: 'bounce',
        messageId: plan.messageId,
        auth: null,
        postedMessageId: posted,
      });
      return { outcome: 'posted: bounce' };
    }
    // An attempt that died after posting left the message (with its files) but not the outcome.
    const posted =
      (await this.messenger.postedBefore(MAIL_SENDER.id, plan.clientMessageId)) ??
      (await this.post(plan).catch((error: unknown) => this.ingestion.postFailed(data.inboundId, error)));
    await this.ingestion.finish(data.inboundId, {
      status: 'posted',
      messageId: plan.messageId,
      auth: plan.auth,
      postedMessageId: posted,
      roomId: plan.roomId,
      thread: plan.thread,
    });
    return { outcome: 'posted' };
  }

  /** A reply from a room refused for good or out of attempts: the thread it was written in is told, once per mail. */
  async onMailFailed(mail: FailedMail): Promise<void> {
    const notice = await this.bounces.noticeFor(mail);
    if (!notice) return;
    await this.postNotice(notice).catch((error: unknown) => {
      // Nobody can be told in an archived room (or a thread since deleted); retrying will not change that.
      if (error instanceof MessengerException && UNREACHABLE.has(error.code)) {
        this.logger.warn(`mail ${mail.id} failed, and its room could not be told: ${error.code}`);
        return;
      }
      throw error;
    });
  }

  private async postNotice(notice: UndeliveredNotice): Promise<string> {
    return this.messenger.postToRoom(MAIL_SENDER.id, notice.roomId, notice.clientMessageId, notice.body, {
      threadRootId: notice.threadRootId,
    });
  }

  private async post(plan: Extract<IngestPlan, { kind: 'post' }>): Promise<string> {
    const fileIds = await this.ingestion.storeAttachments(
      this.messenger.botUserId(MAIL_SENDER.id),
      plan.roomId,
      plan.attachments,
    );
    const threadRootId = plan.thread && 'rootMessageId' in plan.thread ? plan.thread.rootMessageId : null;
    return this.messenger.postToRoom(MAIL_SENDER.id, plan.roomId, plan.clientMessageId, plan.body, {
      fileIds,
      threadRootId,
    });
  }
}
