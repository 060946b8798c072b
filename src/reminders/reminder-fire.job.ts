import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { isRefusal } from '../common/ieum.exception.js';
import { BotMessenger } from '../commands/bot-messenger.service.js';
import { NoticeSender } from '../commands/sdk/bot.decorator.js';
import type { BotMetadata } from '../commands/sdk/command-table.js';
import type { ReminderEntity } from './reminder.entity.js';
import { ReminderService } from './reminder.service.js';

/** The account reminders arrive from; the /remind bot answers under the same one. */
export const REMIND_SENDER: BotMetadata = { id: 'remind', displayName: { ko: '알림봇', en: 'Reminder bot' } };
/** A delayed job may wake a few milliseconds early on a busy Redis; it waits out the rest. */
const MAX_EARLY_WAIT_MS = 10_000;

/** Delivers reminders when they are due, whether or not the /remind bot is loaded. */
@NoticeSender(REMIND_SENDER)
export class ReminderFireJob {
  constructor(
    private readonly reminders: ReminderService,
    private readonly messenger: BotMessenger,
  ) {}

  /** Delivers one occurrence. Posting first and advancing second means a crash in between re-posts with the same client id, which the messenger turns into one message. */
  @OnJob(JobName.ReminderFire)
  async fire(data: JobPayload<typeof JobName.ReminderFire>): Promise<{ fired: boolean }> {
    const at = new Date(data.at);
    const reminder = await this.reminders.findActive(data.reminderId, at);
    if (!reminder) return { fired: false };
    const early = at.getTime() - Date.now();
    if (early > MAX_EARLY_WAIT_MS) throw new Error(`reminder job woke ${early} ms early`);
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    if (!(await this.reminders.creatorStillIn(reminder))) {
      // Told first, ended second: a retry after a crash in between tells once (same client id) and ends it.
      await this.messenger.postToUser(
        REMIND_SENDER.id,
        reminder.creatorId,
        `rem-${reminder.id}-left`,
        leftRoomNotice(reminder.text),
      );
      await this.reminders.finish(reminder.id, at);
      return { fired: false };
    }
    try {
      await this.deliver(reminder, at);
    } catch (error) {
      // The room was archived or the person left: nothing to deliver to, ever.
      if (isRefusal(error)) {
        await this.reminders.finish(reminder.id, at);
        return { fired: false };
      }
      throw error;
    }
    await this.reminders.advance(reminder, at);
    return { fired: true };
  }

  private async deliver(reminder: ReminderEntity, at: Date): Promise<void> {
    const clientId = `rem-${reminder.id}-${at.getTime()}`;
    const body = `⏰ ${reminder.text}`;
    if (reminder.targetRoomId) await this.messenger.postToRoom(REMIND_SENDER.id, reminder.targetRoomId, clientId, body);
    else if (reminder.targetUserId)
      await this.messenger.postToUser(REMIND_SENDER.id, reminder.targetUserId, clientId, body);
  }
}

/** Bot messages have one body for everyone, so the notice carries both languages. */
function leftRoomNotice(text: string): string {
  return [
    `⏰ 방에서 나가셔서 이 알림을 끝냈습니다: ${text}`,
    `⏰ You left the room, so this reminder has ended: ${text}`,
  ].join('\n');
}
