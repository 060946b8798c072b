import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { UserRepository } from '../identity/user.repository.js';
import { MailService } from '../mail/mail.service.js';
import { renderMeetingMail } from './meeting-mail.renderer.js';
import type { MeetingParticipantEntity } from './meeting-participant.entity.js';
import type { MeetingEntity } from './meeting.entity.js';
import { MeetingRepository } from './meeting.repository.js';
import { MeetingStatus } from './meetings.types.js';
import { isOccurrence, occurrenceFrom } from './occurrences.js';

/** A reminder whose time passed less than this long ago (a worker was down) still goes out. */
const LATE_GRACE_MS = 5 * 60_000;

export interface DueReminder {
  meeting: MeetingEntity;
  occurrenceAt: Date;
  offsetMinutes: number;
  participants: MeetingParticipantEntity[];
}

/**
 * Meeting reminders: a delayed job per occurrence and offset, with an id made of the three, so
 * scheduling again (a reschedule, a restart, the sweep) never makes a second job. The job checks
 * the meeting as it stands when it fires: a cancelled meeting or a moved occurrence sends
 * nothing, and a ledger row sent in one transaction with the guests' mails keeps it to once.
 */
@Injectable()
export class MeetingReminderService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MeetingReminderService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly meetings: MeetingRepository,
    private readonly users: UserRepository,
    private readonly mail: MailService,
    private readonly queues: QueueService,
  ) {}

  /** Enqueues the reminders of the meeting's next occurrence that are not yet past. */
  async scheduleFor(meeting: MeetingEntity, now = new Date()): Promise<number> {
    if (meeting.status !== MeetingStatus.Scheduled && meeting.status !== MeetingStatus.Started) return 0;
    const occurrence = occurrenceFrom(meeting, now);
    if (!occurrence) return 0;
    let scheduled = 0;
    for (const offset of meeting.reminderMinutes) {
      const at = occurrence.getTime() - offset * 60_000;
      if (at < now.getTime() - LATE_GRACE_MS) continue;
      await this.queues.add(
        JobName.MeetingReminder,
        { meetingId: meeting.id, occurrenceAt: occurrence.toISOString(), offsetMinutes: offset },
        { jobId: meetingReminderJobId(meeting.id, occurrence, offset), delayMs: Math.max(0, at - now.getTime()) },
      );
      scheduled++;
    }
    return scheduled;
  }

  async rebuild(now = new Date()): Promise<number> {
    let count = 0;
    for (const meeting of await this.meetings.listRemindable(new Date(now.getTime() - LATE_GRACE_MS)))
      count += await this.scheduleFor(meeting, now);
    return count;
  }

  /** The reminder to deliver, or null when the meeting was cancelled, moved or already reminded. */
  async due(data: JobPayload<typeof JobName.MeetingReminder>): Promise<DueReminder | null> {
    const meeting = await this.meetings.findById(data.meetingId);
    if (!meeting || (meeting.status !== MeetingStatus.Scheduled && meeting.status !== MeetingStatus.Started))
      return null;
    const occurrenceAt = new Date(data.occurrenceAt);
    if (!meeting.reminderMinutes.includes(data.offsetMinutes) || !isOccurrence(meeting, occurrenceAt)) return null;
    if (await this.meetings.reminderSent(meeting.id, occurrenceAt, data.offsetMinutes)) return null;
    return {
      meeting,
      occurrenceAt,
      offsetMinutes: data.offsetMinutes,
      participants: await this.meetings.participantsOf(meeting.id),
    };
  }

  /**
   * Records the reminder as sent and mails it to the outside guests, once: a second call finds the
   * ledger row and sends nothing. Then schedules the next occurrence of a recurring meeting.
   */
  async complete(reminder: DueReminder): Promise<boolean> {
    const { meeting } = reminder;
    const host = meeting.hostId ? await this.users.findById(meeting.hostId) : null;
    const sent = await this.uow.run(async (tx) => {
      if (!(await this.meetings.markReminderSent(tx, meeting.id, reminder.occurrenceAt, reminder.offsetMinutes)))
        return false;
      for (const guest of reminder.participants.filter((p) => !p.userId && p.email)) {
        const rendered = renderMeetingMail({
          meeting,
          change: 'reminder',
          start: reminder.occurrenceAt,
          hostName: host?.displayName ?? 'Ieum',
          link: null,
        });
        await this.mail.enqueue(tx, { kind: 'meeting-reminder', to: guest.email ?? '', ...rendered });
      }
      return true;
    });
    if (meeting.recurrence) await this.scheduleFor(meeting, new Date(reminder.occurrenceAt.getTime() + 1));
    return sent;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    const count = await this.rebuild();
    if (count > 0) this.logger.log(`rescheduled ${count} meeting reminders from PostgreSQL`);
  }
}

export function meetingReminderJobId(meetingId: string, occurrence: Date, offsetMinutes: number): string {
  return `meeting-reminder-${meetingId}-${occurrence.getTime()}-${offsetMinutes}`;
}
