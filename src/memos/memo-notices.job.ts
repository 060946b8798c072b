import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { formatDue } from '../common/duration-text.js';
import { BotMessenger } from '../commands/bot-messenger.service.js';
import { botClientId } from '../commands/sdk/bot-helpers.js';
import { NoticeSender } from '../commands/sdk/bot.decorator.js';
import type { BotMetadata } from '../commands/sdk/command-table.js';
import { MemoService } from './memo.service.js';

/** The account memo notices come from; the /memo bot answers under the same one. */
export const MEMO_SENDER: BotMetadata = { id: 'memo', displayName: { ko: '메모보고봇', en: 'Memo bot' } };

/** Memo delivery, the deadline sweep and the nudges: the memo pipeline, whether or not the /memo bot is loaded. */
@NoticeSender(MEMO_SENDER)
export class MemoNoticesJob {
  constructor(
    private readonly memos: MemoService,
    private readonly messenger: BotMessenger,
  ) {}

  /** Tells every recipient, once each, that the memo arrived, and records each delivery after its DM is posted. */
  @OnJob(JobName.MemoDeliver)
  async deliver(data: JobPayload<typeof JobName.MemoDeliver>): Promise<{ told: number }> {
    const delivery = await this.memos.deliveryOf(data.memoId);
    if (!delivery) return { told: 0 };
    const { memo, authorName } = delivery;
    const due = memo.deadlineAt ? formatDue(memo.deadlineAt, 'Asia/Seoul') : null;
    const ask = memo.opinionRequested
      ? { ko: `의견 기한: ${due?.ko ?? '없음'}`, en: `Opinions due: ${due?.en ?? 'no deadline'}` }
      : { ko: '확인 부탁드립니다.', en: 'Please acknowledge.' };
    const body = `📨 메모보고: ${memo.title} — ${authorName}\n${ask.ko}\n\n📨 Memo: ${memo.title} — ${authorName}\n${ask.en}\n${this.memos.link(memo.id)}`;
    for (const userId of delivery.userIds) {
      await this.messenger.postToUser(MEMO_SENDER.id, userId, botClientId('md', memo.id, userId), body);
      await this.memos.markDelivered(memo, userId);
    }
    return { told: delivery.userIds.length };
  }

  /** Every minute: queues the automatic nudges of memos whose deadline is near (MEMO_NUDGE_HOURS). */
  @OnJob(JobName.MemoSweep)
  async sweep(): Promise<{ queued: number }> {
    return { queued: await this.memos.queueAutoNudges() };
  }

  /**
   * Reminds, before the deadline, those who have still not answered; each person is claimed just
   * before their message, so someone who answers meanwhile, or was reminded within the hour, is skipped.
   */
  @OnJob(JobName.MemoNudge)
  async remind(data: JobPayload<typeof JobName.MemoNudge>): Promise<{ nudged: number }> {
    const targets = await this.memos.nudgeTargets(data.memoId);
    if (!targets) return { nudged: 0 };
    const { memo } = targets;
    const due = memo.deadlineAt ? formatDue(memo.deadlineAt, 'Asia/Seoul') : null;
    const body = `🔔 답변을 기다리는 메모보고: ${memo.title}${due ? ` (기한 ${due.ko})` : ''}\n🔔 Waiting for your answer: ${memo.title}${due ? ` (due ${due.en})` : ''}\n${this.memos.link(memo.id)}`;
    let nudged = 0;
    for (const userId of targets.userIds) {
      if (!(await this.memos.claimNudge(memo.id, userId, data.at))) continue;
      await this.messenger.postToUser(MEMO_SENDER.id, userId, botClientId('mn', memo.id, `${data.at}|${userId}`), body);
      nudged++;
    }
    return { nudged };
  }
}
