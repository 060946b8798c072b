import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { ReminderService } from './reminder.service.js';

/** How often the worker re-enqueues reminders due soon, in case Redis lost their jobs. */
const SWEEP_EVERY_MS = 60_000;
const SWEEP_AHEAD_MS = 5 * 60_000;

/**
 * The reminder sweep, as a BullMQ job scheduler (written again by the outbox relay when Redis
 * loses its data): it re-enqueues the reminders due in the next minutes. Reminder job ids are made
 * of the reminder and its occurrence, so a sweep adds nothing Redis still holds.
 */
@Injectable()
export class ReminderSweepJob implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly reminders: ReminderService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.queues.schedule(QueueName.Reminders, 'reminder-sweep', SWEEP_EVERY_MS, JobName.ReminderSweep);
  }

  @OnJob(JobName.ReminderSweep)
  async onSweep(): Promise<{ enqueued: number }> {
    return { enqueued: await this.reminders.rebuild(new Date(Date.now() + SWEEP_AHEAD_MS)) };
  }
}
