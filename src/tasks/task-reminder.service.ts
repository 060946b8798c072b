import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { JobName, QueueName } from '../bus/bus.constants.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { TaskEntity } from './task.entity.js';
import { TaskRepository } from './task.repository.js';

const SWEEP_EVERY_MS = 60_000;
/** A reminder found later than this after its time (the workers were down) is dropped, not sent stale. */
const STALE_AFTER_MS = 6 * 3_600_000;
/** How long after TASK_DIGEST_HOUR the morning digest may still go out. */
const DIGEST_WINDOW_HOURS = 4;

/** One due reminder to deliver: the task, which offset, and to whom. */
export interface DueTaskReminder {
  task: TaskEntity;
  offsetMinutes: number;
  /** Its active assignees, or its creator when it has none. */
  userIds: string[];
  /** True when nobody active is assigned, so the creator is reminded instead. */
  unassigned: boolean;
}

/** One person's morning digest: their overdue tasks on their local day. */
export interface OverdueDigest {
  userId: string;
  localDate: string;
  tasks: TaskEntity[];
}

/**
 * When tasks are due: reminders at TASK_REMINDER_MINUTES before the due time (a day before and at
 * it, by default) and, in the morning (TASK_DIGEST_HOUR, in each person's zone), a digest of what
 * is overdue. Both go to a task's active assignees, or to its creator when it has none.
 * A sweep every minute (a BullMQ job scheduler) finds them in PostgreSQL, so nothing depends on
 * Redis keeping a delayed job; each is marked sent after it is delivered, and delivery is
 * idempotent by message client id, so a crash in between sends it once.
 */
@Injectable()
export class TaskReminderService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly tasks: TaskRepository,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.queues.schedule(QueueName.Tasks, 'task-sweep', SWEEP_EVERY_MS, JobName.TaskSweep);
  }

  /** Reminders whose time has come by `now` and were not sent; never one before its time. */
  async dueReminders(now: Date): Promise<DueTaskReminder[]> {
    const offsets = this.config.tasks.reminderMinutes;
    if (offsets.length === 0) return [];
    const widest = Math.max(...offsets) * 60_000;
    const candidates = await this.tasks.dueBetween(
      new Date(now.getTime() - STALE_AFTER_MS),
      new Date(now.getTime() + widest),
    );
    const people = await this.tasks.remindedPeople(candidates.map((t) => t.id));
    const due: DueTaskReminder[] = [];
    for (const task of candidates) {
      if (!task.dueAt) continue;
      for (const offsetMinutes of offsets) {
        const at = task.dueAt.getTime() - offsetMinutes * 60_000;
        if (at > now.getTime() || at < now.getTime() - STALE_AFTER_MS) continue;
        // A task created after its reminder time (due tomorrow morning, made this evening) gets no "a day before" reminder.
        if (task.createdAt.getTime() > at) continue;
        if (await this.tasks.reminderSent(task.id, offsetMinutes, task.dueAt)) continue;
        const reached = people.filter((p) => p.taskId === task.id);
        due.push({
          task,
          offsetMinutes,
          userIds: reached.map((p) => p.userId),
          unassigned: reached.some((p) => p.unassigned),
        });
      }
    }
    return due;
  }

  async markReminderSent(reminder: DueTaskReminder): Promise<void> {
    if (reminder.task.dueAt)
      await this.tasks.markReminderSent(reminder.task.id, reminder.offsetMinutes, reminder.task.dueAt);
  }

  /** People (assignees, or creators of tasks with none) whose local digest hour has come today and who have not had today's digest. */
  async dueDigests(now: Date): Promise<OverdueDigest[]> {
    const digests: OverdueDigest[] = [];
    for (const entry of await this.tasks.overdueByPerson(now)) {
      const local = DateTime.fromJSDate(now, { zone: entry.timeZone });
      const zoned = local.isValid ? local : DateTime.fromJSDate(now, { zone: 'Asia/Seoul' });
      // A morning digest: from the hour until a few hours after it, not in the evening after a worker outage.
      if (zoned.hour < this.config.tasks.digestHour || zoned.hour >= this.config.tasks.digestHour + DIGEST_WINDOW_HOURS)
        continue;
      const localDate = zoned.toISODate() ?? '';
      if (await this.tasks.digestSent(entry.userId, localDate)) continue;
      digests.push({ userId: entry.userId, localDate, tasks: entry.tasks });
    }
    return digests;
  }

  async markDigestSent(digest: OverdueDigest): Promise<void> {
    await this.tasks.markDigestSent(digest.userId, digest.localDate);
  }
}
