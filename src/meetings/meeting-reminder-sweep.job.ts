import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { MeetingReminderService } from './meeting-reminder.service.js';

/** How often the worker re-enqueues meeting reminders, in case Redis lost their jobs. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The meeting reminder sweep, as a BullMQ job scheduler (written again by the outbox relay when
 * Redis loses its data). Reminder job ids are made of the meeting, occurrence and offset, so a
 * sweep adds nothing Redis still holds, and the ledger keeps each reminder to one delivery.
 */
@Injectable()
export class MeetingReminderSweepJob implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly reminders: MeetingReminderService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.queues.schedule(
      QueueName.Meetings,
      'meeting-reminder-sweep',
      SWEEP_EVERY_MS,
      JobName.MeetingReminderSweep,
    );
  }

  @OnJob(JobName.MeetingReminderSweep)
  async onSweep(): Promise<{ enqueued: number }> {
    return { enqueued: await this.reminders.rebuild() };
  }
}
