import { JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { durationText, formatDue } from '../common/duration-text.js';
import { BotMessenger } from '../commands/bot-messenger.service.js';
import { botClientId } from '../commands/sdk/bot-helpers.js';
import { NoticeSender } from '../commands/sdk/bot.decorator.js';
import type { BotMetadata } from '../commands/sdk/command-table.js';
import { TaskReminderService } from './task-reminder.service.js';
import { TaskCardService } from './task-cards.service.js';

/** The account task cards and reminders come from; the /task bot answers under the same one. */
export const TASK_SENDER: BotMetadata = { id: 'task', displayName: { ko: '과제봇', en: 'Task bot' } };
/** Attempts a later card waits for the creation card before it is posted in the room instead (of the queue's five). */
const CARD_WAIT_ATTEMPTS = 4;

/** Task cards in rooms, due reminders and overdue digests: the task pipeline, whether or not the /task bot is loaded. */
@NoticeSender(TASK_SENDER)
export class TaskNoticesJob {
  constructor(
    private readonly cards: TaskCardService,
    private readonly reminders: TaskReminderService,
    private readonly messenger: BotMessenger,
  ) {}

  /**
   * Posts the card for one change in the task's room (the creation card opens the task's thread;
   * later cards reply in it) and tells people it concerns who are not in the room by direct
   * message. Client ids from the event make a retried job post once.
   */
  @OnJob(JobName.TaskChanged)
  async card(data: JobPayload<typeof JobName.TaskChanged>, job?: JobContext): Promise<{ posted: boolean }> {
    const card = await this.cards.card(data.taskId, data.eventId);
    if (!card) return { posted: false };
    // A change that overtook the creation card waits for it (a retry with backoff), so it lands in the
    // task's thread; by the last attempt it is posted in the room rather than not at all.
    if (card.kind !== 'created' && !card.threadRootId && (job?.attempt ?? 1) < CARD_WAIT_ATTEMPTS)
      throw new Error(`task ${card.taskId}: its creation card is not posted yet`);
    const messageId = await this.messenger.postToRoom(
      TASK_SENDER.id,
      card.roomId,
      botClientId('tc', data.eventId, card.roomId),
      card.body,
      { threadRootId: card.threadRootId },
    );
    if (card.kind === 'created' && !card.threadRootId) await this.cards.setCard(card.taskId, messageId);
    const link = this.cards.link(card.taskId);
    // The creation card already ends with the task's link.
    const direct = card.body.endsWith(link) ? card.body : `${card.body}\n${link}`;
    for (const userId of card.outsideRoom)
      await this.messenger.postToUser(TASK_SENDER.id, userId, botClientId('td', data.eventId, userId), direct);
    return { posted: true };
  }

  /** Due reminders and morning overdue digests, by direct message to assignees (a task's creator when it has none). */
  @OnJob(JobName.TaskSweep)
  async sweep(): Promise<{ reminders: number; digests: number }> {
    return this.sweepAt(new Date());
  }

  async sweepAt(now: Date): Promise<{ reminders: number; digests: number }> {
    const due = await this.reminders.dueReminders(now);
    for (const reminder of due) {
      const { task } = reminder;
      if (!task.dueAt) continue;
      for (const userId of reminder.userIds) {
        const when = formatDue(task.dueAt, 'Asia/Seoul');
        const soon =
          reminder.offsetMinutes === 0
            ? { ko: '기한이 되었습니다', en: 'is due now' }
            : {
                ko: `기한 ${durationText(reminder.offsetMinutes).ko} 전입니다`,
                en: `is due in ${durationText(reminder.offsetMinutes).en}`,
              };
        const unassigned = reminder.unassigned
          ? '\n담당자가 없어 등록자에게 알립니다. / No one is assigned, so you, its creator, are reminded.'
          : '';
        const body = `⏰ ${task.title} [${task.id.slice(0, 8)}] — ${soon.ko} (${when.ko})\n⏰ ${task.title} ${soon.en} (${when.en})${unassigned}\n${this.cards.link(task.id)}`;
        await this.messenger.postToUser(
          TASK_SENDER.id,
          userId,
          botClientId('tr', task.id, `${reminder.offsetMinutes}|${task.dueAt.toISOString()}|${userId}`),
          body,
        );
      }
      await this.reminders.markReminderSent(reminder);
    }
    const digests = await this.reminders.dueDigests(now);
    for (const digest of digests) {
      const lines = digest.tasks.map(
        (t) => `• ${t.title} [${t.id.slice(0, 8)}] · ${t.dueAt ? formatDue(t.dueAt, 'Asia/Seoul').ko : ''}`,
      );
      const body = `📋 기한이 지난 과제 ${digest.tasks.length}건 / ${digest.tasks.length} overdue task${digest.tasks.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
      await this.messenger.postToUser(
        TASK_SENDER.id,
        digest.userId,
        botClientId('tg', digest.userId, digest.localDate),
        body,
      );
      await this.reminders.markDigestSent(digest);
    }
    return { reminders: due.length, digests: digests.length };
  }
}
