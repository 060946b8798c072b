import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { durationText } from '../common/duration-text.js';
import { BotMessenger } from '../commands/bot-messenger.service.js';
import { botClientId } from '../commands/sdk/bot-helpers.js';
import { NoticeSender } from '../commands/sdk/bot.decorator.js';
import type { BotMetadata } from '../commands/sdk/command-table.js';
import { formatWindow } from './meeting-mail.renderer.js';
import { MeetingReminderService } from './meeting-reminder.service.js';
import { MeetingInvitationService } from './meeting-invitations.service.js';
import { MeetingViewService } from './meeting-views.service.js';

/** The account meeting notices come from; the /meet bot answers under the same one. */
export const MEET_SENDER: BotMetadata = { id: 'meet', displayName: { ko: '회의봇', en: 'Meeting bot' } };
/** A delayed job may wake a little early on a busy Redis; it waits out the rest. */
const MAX_EARLY_WAIT_MS = 10_000;

/** Invitations, changes and reminders by messenger: the meeting pipeline, whether or not the /meet bot is loaded. */
@NoticeSender(MEET_SENDER)
export class MeetingNoticesJob {
  constructor(
    private readonly invitations: MeetingInvitationService,
    private readonly views: MeetingViewService,
    private readonly reminders: MeetingReminderService,
    private readonly messenger: BotMessenger,
  ) {}

  /** Tells each directory participant of an invitation, change or cancellation, once per change. */
  @OnJob(JobName.MeetingNotify)
  async notify(data: JobPayload<typeof JobName.MeetingNotify>): Promise<{ told: number }> {
    const targets = await this.invitations.notifyTargets(data.meetingId, data.sequence);
    if (!targets) return { told: 0 };
    const { meeting, change, start } = targets;
    const window = formatWindow(start, meeting.durationMinutes, meeting.timeZone);
    const head = {
      invited: ['📅 회의 초대', '📅 Meeting invitation'],
      updated: ['🔁 회의 변경', '🔁 Meeting changed'],
      cancelled: ['❌ 회의 취소', '❌ Meeting cancelled'],
      reminder: ['⏰ 회의 알림', '⏰ Meeting reminder'],
    }[change];
    const body =
      `${head[0]}: ${meeting.title}\n${window.ko}\n${change === 'cancelled' ? '' : this.views.link(meeting.id)}\n\n${head[1]}: ${meeting.title}\n${window.en}`.replace(
        /\n\n\n/g,
        '\n\n',
      );
    for (const userId of targets.userIds)
      await this.messenger.postToUser(
        MEET_SENDER.id,
        userId,
        botClientId('mn', meeting.id, String(data.sequence), userId),
        body,
      );
    return { told: targets.userIds.length };
  }

  /** Delivers a reminder by messenger to every directory participant, then records it (and mails guests) once. */
  @OnJob(JobName.MeetingReminder)
  async remind(data: JobPayload<typeof JobName.MeetingReminder>): Promise<{ sent: boolean }> {
    const due = await this.reminders.due(data);
    if (!due) return { sent: false };
    const fireAt = due.occurrenceAt.getTime() - due.offsetMinutes * 60_000;
    const early = fireAt - Date.now();
    if (early > MAX_EARLY_WAIT_MS) throw new Error(`meeting reminder job woke ${early} ms early`);
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    const { meeting } = due;
    const window = formatWindow(due.occurrenceAt, meeting.durationMinutes, meeting.timeZone);
    const soon =
      due.offsetMinutes === 0
        ? { ko: '지금 시작합니다', en: 'starting now' }
        : {
            ko: `${durationText(due.offsetMinutes).ko} 후 시작`,
            en: `starts in ${durationText(due.offsetMinutes).en}`,
          };
    const body = `⏰ ${meeting.title} — ${soon.ko}\n${window.ko}\n${this.views.link(meeting.id)}\n\n⏰ ${meeting.title} — ${soon.en}\n${window.en}`;
    for (const p of due.participants) {
      if (p.userId)
        await this.messenger.postToUser(
          MEET_SENDER.id,
          p.userId,
          botClientId('mr', meeting.id, `${due.occurrenceAt.getTime()}-${due.offsetMinutes}`, p.userId),
          body,
        );
    }
    return { sent: await this.reminders.complete(due) };
  }
}
