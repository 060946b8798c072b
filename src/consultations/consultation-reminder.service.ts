import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName, type JobPayload } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import type { ConsultationEntity } from './consultation.entity.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import { ConsultationRepository } from './consultation.repository.js';
import { ConsultationStatus } from './consultations.types.js';

/** How often the worker expires holds, clears old citizen data and re-enqueues lost reminders. */
const SWEEP_EVERY_MS = 5 * 60_000;
/** A reminder whose time passed less than this long ago (a worker was down) still goes out. */
const LATE_GRACE_MS = 5 * 60_000;
const ANONYMISE_BATCH = 500;

/**
 * Consultation reminders: a delayed job per booking start and offset, its id made of the three, so
 * enqueuing again never makes a second one. The job checks the booking as it stands: a cancelled
 * or moved booking gets nothing, and `reminded_offsets` keeps each reminder to once. The sweep
 * rebuilds them from PostgreSQL, expires unconfirmed holds and applies retention.
 */
@Injectable()
export class ConsultationReminderService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConsultationReminderService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly repo: ConsultationRepository,
    private readonly settings: ConsultationSettingsRepository,
    private readonly queues: QueueService,
    private readonly events: EventPublisher,
  ) {}

  async scheduleFor(consultation: ConsultationEntity, now = new Date()): Promise<number> {
    if (consultation.status !== ConsultationStatus.Confirmed) return 0;
    let scheduled = 0;
    for (const offset of this.config.consultations.reminderMinutes) {
      const at = consultation.startsAt.getTime() - offset * 60_000;
      if (at < now.getTime() - LATE_GRACE_MS || consultation.remindedOffsets.includes(offset)) continue;
      await this.queues.add(
        JobName.ConsultationReminder,
        { consultationId: consultation.id, startsAt: consultation.startsAt.toISOString(), offsetMinutes: offset },
        {
          jobId: consultationReminderJobId(consultation.id, consultation.startsAt, offset),
          delayMs: Math.max(0, at - now.getTime()),
        },
      );
      scheduled++;
    }
    return scheduled;
  }

  /** Drops the pending reminder jobs of a booking that no longer takes place (the jobs would find nothing to do anyway). */
  async unschedule(consultation: ConsultationEntity): Promise<void> {
    const queue = this.queues.queue(QueueName.Consultations);
    for (const offset of this.config.consultations.reminderMinutes) {
      const job = await queue.getJob(consultationReminderJobId(consultation.id, consultation.startsAt, offset));
      if (job && (await job.isDelayed())) await job.remove();
    }
  }

  /** The reminder to deliver, or null when the booking was cancelled, moved or already reminded. */
  async due(data: JobPayload<typeof JobName.ConsultationReminder>): Promise<ConsultationEntity | null> {
    const consultation = await this.repo.findById(data.consultationId);
    if (!consultation || consultation.status !== ConsultationStatus.Confirmed) return null;
    if (
      consultation.startsAt.toISOString() !== data.startsAt ||
      consultation.remindedOffsets.includes(data.offsetMinutes)
    )
      return null;
    return consultation;
  }

  /** Records the reminder and mails the citizen, once; `mail` writes the citizen's mail in the same transaction. */
  async complete(
    consultation: ConsultationEntity,
    offsetMinutes: number,
    mail: (tx: Tx) => Promise<void>,
  ): Promise<boolean> {
    return this.uow.run(async (tx) => {
      if (!(await this.repo.markReminded(tx, consultation.id, consultation.startsAt, offsetMinutes))) return false;
      await mail(tx);
      return true;
    });
  }

  /** Whom to tell by messenger about a booking, and how to write its time. */
  async notifyTarget(
    consultationId: string,
  ): Promise<{ investigatorId: string; minutes: number; timeZone: string } | null> {
    const consultation = await this.repo.findById(consultationId);
    if (!consultation) return null;
    const schedule = await this.settings.findSchedule(consultation.investigatorId);
    return {
      investigatorId: consultation.investigatorId,
      minutes: Math.round((consultation.endsAt.getTime() - consultation.startsAt.getTime()) / 60_000),
      timeZone: schedule?.timeZone ?? 'Asia/Seoul',
    };
  }

  async rebuild(now = new Date()): Promise<number> {
    let count = 0;
    for (const consultation of await this.repo.listRemindable(new Date(now.getTime() - LATE_GRACE_MS)))
      count += await this.scheduleFor(consultation, now);
    return count;
  }

  /** Clears the citizen's data from consultations that ended more than the retention period ago. */
  async applyRetention(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.consultations.retentionDays * 86_400_000);
    let total = 0;
    for (;;) {
      const cleared = await this.uow.run(async (tx) => {
        const rows = await this.repo.anonymise(tx, before, now, ANONYMISE_BATCH);
        for (const row of rows) {
          await this.events.publish(tx, {
            name: JobName.AuditRecord,
            data: {
              action: 'consultation.anonymised',
              actorId: null,
              subjectType: 'consultation',
              subjectId: row.id,
              occurredAt: now.toISOString(),
            },
          });
        }
        return rows.length;
      });
      total += cleared;
      if (cleared < ANONYMISE_BATCH) return total;
    }
  }

  @OnJob(JobName.ConsultationSweep)
  async sweep(): Promise<{ expired: number; anonymised: number; reminders: number }> {
    const now = new Date();
    const expired = await this.repo.expireHolds(now);
    const anonymised = await this.applyRetention(now);
    const reminders = await this.rebuild(now);
    if (anonymised > 0) this.logger.log(`cleared citizen data from ${anonymised} consultations past retention`);
    return { expired, anonymised, reminders };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    const count = await this.rebuild();
    if (count > 0) this.logger.log(`rescheduled ${count} consultation reminders from PostgreSQL`);
    await this.queues.schedule(
      QueueName.Consultations,
      'consultation-sweep',
      SWEEP_EVERY_MS,
      JobName.ConsultationSweep,
    );
  }
}

export function consultationReminderJobId(consultationId: string, startsAt: Date, offsetMinutes: number): string {
  return `consultation-reminder-${consultationId}-${startsAt.getTime()}-${offsetMinutes}`;
}
