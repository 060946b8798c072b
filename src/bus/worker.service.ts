import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { QueueName, type JobName, type JobPayloads } from './bus.constants.js';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { OutboxRelay } from './outbox.relay.js';
import { QueueService } from './queue.service.js';

const OUTBOX_JOB = /^outbox-(\d+)$/;

/** How often each worker looks for jobs whose worker died: half the lock, at least a second. */
export function stalledIntervalMs(lockSeconds: number): number {
  return Math.max(1000, Math.round((lockSeconds * 1000) / 2));
}

/** Runs BullMQ workers for every queue when this process has the worker role. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly redis: RedisService,
    private readonly queues: QueueService,
    private readonly registry: JobHandlerRegistry,
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.has('worker')) return;
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job: Job) => this.process(job), {
        connection: this.redis.createConnection(),
        prefix: this.queues.prefix,
        concurrency: 8,
        autorun: true,
        // A live worker renews its locks every lockDuration / 2. A dead one's lapse within
        // lockDuration of its death; the stall check, every stalledInterval, moves a job whose
        // lock is gone and which it already saw active at its previous pass. So a dead worker's
        // jobs run again at most lockDuration + stalledInterval (1.5 × JOB_LOCK_SECONDS) after it died.
        lockDuration: this.config.bus.lockSeconds * 1000,
        stalledInterval: stalledIntervalMs(this.config.bus.lockSeconds),
        // A job may lose its worker a few times (a rolling restart, an OOM kill) before it counts as failed.
        maxStalledCount: 3,
      });
      worker.on('failed', (job, error) => {
        this.logger.warn(`job ${job?.name ?? '?'} ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? 0}): ${error.message}`);
      });
      worker.on('error', (error) => this.logger.error(`worker ${queue}: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`worker role started on ${this.workers.length} queue(s)`);
  }

  private async process(job: Job): Promise<unknown> {
    const jobId = job.id ?? '';
    return this.registry.run(job.name as JobName, job.data as JobPayloads[JobName], {
      jobId,
      eventId: OUTBOX_JOB.exec(jobId)?.[1],
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
    });
  }

  /**
   * Drains before anything closes: each worker finishes the jobs it holds, then the relay stops,
   * while PostgreSQL and Redis (closed in the later onApplicationShutdown hooks) still answer.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    this.workers.length = 0;
    await this.relay.stop();
  }
}
