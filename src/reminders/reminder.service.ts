import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUE, JobName } from '../bus/bus.constants.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RoomRepository } from '../messenger/room.repository.js';
import { nextOccurrence } from './recurrence.js';
import type { ReminderEntity } from './reminder.entity.js';
import { ReminderException } from './reminder.exception.js';
import { ReminderRepository } from './reminder.repository.js';

export const MAX_ACTIVE_REMINDERS = 200;

export interface NewReminderInput {
  /** The command message that asked for it: a retried command finds the same reminder. */
  id: string;
  creatorId: string;
  roomId: string;
  target: { userId: string } | { roomId: string };
  text: string;
  at: Date;
  recurrence: string | null;
  timeZone: string;
}

/**
 * Reminders, with PostgreSQL as the truth and a delayed BullMQ job per due occurrence. Job ids are
 * derived from the reminder and the occurrence, so scheduling twice creates one job, and the
 * job advances the reminder only if it still stands at that occurrence: never twice, never for a
 * moved or cancelled one. The worker rebuilds the jobs from PostgreSQL on start and a sweep job
 * (ReminderSweepJob) does it again every minute, so a Redis that lost its data loses no reminder.
 */
@Injectable()
export class ReminderService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly reminders: ReminderRepository,
    private readonly rooms: RoomRepository,
    private readonly queues: QueueService,
    private readonly metrics: MetricsService,
  ) {}

  async create(input: NewReminderInput): Promise<{ reminder: ReminderEntity; created: boolean }> {
    if (input.at.getTime() <= Date.now()) throw ReminderException.inPast();
    if (
      'userId' in input.target &&
      input.target.userId !== input.creatorId &&
      !(await this.rooms.membership(input.roomId, input.target.userId))
    ) {
      throw ReminderException.targetNotInRoom();
    }
    if ((await this.reminders.countActiveOf(input.creatorId)) >= MAX_ACTIVE_REMINDERS)
      throw ReminderException.tooMany(MAX_ACTIVE_REMINDERS);
    const result = await this.uow.run((tx) =>
      this.reminders.insertOnce(tx, {
        id: input.id,
        creatorId: input.creatorId,
        targetUserId: 'userId' in input.target ? input.target.userId : null,
        targetRoomId: 'roomId' in input.target ? input.target.roomId : null,
        text: input.text,
        nextAt: input.at,
        recurrence: input.recurrence,
        timeZone: input.timeZone,
      }),
    );
    if (result.reminder.nextAt) await this.schedule(result.reminder.id, result.reminder.nextAt);
    return result;
  }

  async listMine(userId: string): Promise<ReminderEntity[]> {
    return this.reminders.listActiveFor(userId);
  }

  /** Cancels one of the creator's reminders by its id or the id's first characters. */
  async cancel(creatorId: string, idOrPrefix: string): Promise<ReminderEntity> {
    const mine = (await this.reminders.listActiveFor(creatorId)).filter((r) => r.creatorId === creatorId);
    const prefix = idOrPrefix.toLowerCase();
    const matches = mine.filter((r) => r.id.startsWith(prefix));
    const [match] = matches;
    if (!match || matches.length > 1 || prefix.length < 4) throw ReminderException.notFound();
    await this.reminders.cancel(match.id, creatorId);
    return match;
  }

  async cancelAll(creatorId: string): Promise<number> {
    return this.reminders.cancelAllOf(creatorId);
  }

  /**
   * Moves a reminder past the occurrence it just delivered (`firedAt`: the occurrence, when it was
   * due) and schedules the next one.
   * Returns false when another attempt already did.
   */
  async advance(reminder: ReminderEntity, firedAt: Date): Promise<boolean> {
    const next = reminder.recurrence ? nextOccurrence(reminder.recurrence, reminder.timeZone, firedAt) : null;
    const advanced = await this.reminders.advance(reminder.id, firedAt, next);
    if (advanced) this.metrics.reminderDelivered(firedAt);
    if (advanced && next) await this.schedule(reminder.id, next);
    return advanced;
  }

  async findActive(id: string, at: Date): Promise<ReminderEntity | null> {
    const reminder = await this.reminders.findById(id);
    return reminder?.status === 'active' && reminder.nextAt?.getTime() === at.getTime() ? reminder : null;
  }

  async finish(id: string, at: Date): Promise<void> {
    await this.reminders.advance(id, at, null);
  }

  /** Whether the creator of a reminder to a room is still in that room (true for one to a person). */
  async creatorStillIn(reminder: ReminderEntity): Promise<boolean> {
    return (
      reminder.targetRoomId === null ||
      (await this.rooms.membership(reminder.targetRoomId, reminder.creatorId)) !== null
    );
  }

  async schedule(id: string, at: Date): Promise<void> {
    const jobId = reminderJobId(id, at);
    // A job that failed every attempt is kept under its id for weeks, and BullMQ ignores an add
    // with a kept id: unless it goes, the sweep re-adds nothing and the reminder never fires.
    const earlier = await this.queues.queue(JOB_QUEUE[JobName.ReminderFire]).getJob(jobId);
    if (earlier && (await earlier.isFailed())) {
      this.logger.warn(`reminder ${id} at ${at.toISOString()} failed every attempt; scheduling it again`);
      await earlier.remove();
    }
    await this.queues.add(
      JobName.ReminderFire,
      { reminderId: id, at: at.toISOString() },
      { jobId, delayMs: Math.max(0, at.getTime() - Date.now()) },
    );
  }

  /** Re-enqueues every active reminder due before `until` (all when absent); ids make it a no-op for jobs that exist. */
  async rebuild(until?: Date): Promise<number> {
    const due = await this.reminders.listActiveDue(until ?? null);
    for (const reminder of due) if (reminder.nextAt) await this.schedule(reminder.id, reminder.nextAt);
    return due.length;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    const count = await this.rebuild();
    if (count > 0) this.logger.log(`rescheduled ${count} reminders from PostgreSQL`);
  }
}

export function reminderJobId(id: string, at: Date): string {
  return `reminder-${id}-${at.getTime()}`;
}
