import { JobName, type JobContext, type JobPayload } from '../../src/bus/bus.constants.js';
import { OnJob } from '../../src/bus/on-job.decorator.js';
import { BotMessenger } from '../../src/commands/bot-messenger.service.js';
import { Bot } from '../../src/commands/sdk/bot.decorator.js';
import type { CommandSpec, IeumBot } from '../../src/commands/sdk/command-table.js';
import { MailIngressService, type IngestPlan } from '../../src/mail-ingress/mail-ingress.service.js';

export const MAIL_BOT_ID = 'mail';

/** The e-mail bridge: it has no commands; it posts the mail that rooms receive. */
@Bot({ id: MAIL_BOT_ID, displayName: { ko: '메일 연결', en: 'E-mail bridge' } })
export class MailBot implements IeumBot {
  readonly commands: readonly CommandSpec[] = [];

  constructor(
    private readonly ingress: MailIngressService,
    private readonly messenger: BotMessenger,
  ) {}

  /**
   * Posts one received mail, once: a retried job finds it handled, and the message's client id
   * (from the Message-ID) makes a second copy of the same mail land on the first post. A mail
   * answering a thread is posted as a reply in it; any other opens a thread of its own.
   */
  @OnJob(JobName.MailIngest)
  async ingest(data: JobPayload<typeof JobName.MailIngest>, context: JobContext): Promise<{ outcome: string }> {
    const plan = await this.ingress.plan(data.inboundId, context.jobId);
    if (!plan) return { outcome: 'done-before' };
    if (plan.kind === 'skip') {
      await this.ingress.finish(data.inboundId, { status: 'skipped', reason: plan.reason, messageId: plan.messageId, auth: plan.auth });
      return { outcome: `skipped: ${plan.reason}` };
    }
    // An attempt that died after posting left the message (with its files) but not the outcome.
    const posted = (await this.messenger.postedBefore(MAIL_BOT_ID, plan.clientMessageId)) ?? (await this.post(plan).catch((error: unknown) => this.ingress.postFailed(data.inboundId, error)));
    await this.ingress.finish(data.inboundId, { status: 'posted', messageId: plan.messageId, auth: plan.auth, postedMessageId: posted, roomId: plan.roomId, thread: plan.thread });
    return { outcome: 'posted' };
  }

  private async post(plan: Extract<IngestPlan, { kind: 'post' }>): Promise<string> {
    const fileIds = await this.ingress.storeAttachments(this.messenger.botUserId(MAIL_BOT_ID), plan.roomId, plan.attachments);
    const threadRootId = plan.thread && 'rootMessageId' in plan.thread ? plan.thread.rootMessageId : null;
    return this.messenger.postToRoom(MAIL_BOT_ID, plan.roomId, plan.clientMessageId, plan.body, { fileIds, threadRootId });
  }
}
