import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { MailIngressService } from './mail-ingress.service.js';

const SWEEP_EVERY_MS = 60_000;

/**
 * The mail ingest sweep, as a BullMQ job scheduler (written again by the outbox relay when Redis
 * loses its data): mails committed a while ago that no job holds are enqueued again, one job per
 * lapsed claim (see MailIngressService.requeue), so two sweeps never ingest a mail twice.
 */
@Injectable()
export class MailIngestSweepJob implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly ingress: MailIngressService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.queues.schedule(QueueName.MailIngress, 'mail-ingest-sweep', SWEEP_EVERY_MS, JobName.MailIngestSweep);
  }

  @OnJob(JobName.MailIngestSweep)
  async onSweep(): Promise<{ enqueued: number }> {
    return { enqueued: await this.ingress.requeue() };
  }
}
