import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RedisService, type EvictionPolicy } from '../redis/redis.service.js';
import { QueueName, type JobName, type JobPayloads } from './bus.constants.js';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxRepository } from './outbox.repository.js';
import { QueueService } from './queue.service.js';

const OUTBOX_JOB = /^outbox-(\d+)$/;

/** How often each worker looks for jobs whose worker died: half the lock, at least a second. */
export function stalledIntervalMs(lockSeconds: number): number {
  return Math.max(1000, Math.round((lockSeconds * 1000) / 2));
}

/**
 * BullMQ keeps its jobs and locks as ordinary keys: a Redis that evicts keys under memory pressure
 * silently drops jobs. Said once at a worker's start, at warn, when the policy is not noeviction.
 */
export function evictionWarning(policy: EvictionPolicy): string | null {
  if ('policy' in policy) {
    if (policy.policy === 'noeviction') return null;
    return `Redis의 maxmemory-policy가 ${policy.policy}입니다. 메모리가 차면 작업이 사라질 수 있으니 noeviction으로 설정하세요. / REDIS MAXMEMORY-POLICY IS ${policy.policy}, NOT noeviction: under memory pressure Redis will evict BullMQ's jobs and locks; set maxmemory-policy noeviction.`;
  }
  return `Redis의 maxmemory-policy를 확인하지 못했습니다(${policy.unknown}). noeviction인지 직접 확인하세요. / Could not check Redis's maxmemory-policy (${policy.unknown}); make sure it is noeviction, which BullMQ requires.`;
}

/** Who a worker process is among several: its host and process id. */
export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

/** Runs BullMQ workers for every queue when this process has the worker role. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private readonly workers: Worker[] = [];
  /** Outbox events whose jobs finished, written to PostgreSQL in batches. */
  private finished: string[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly redis: RedisService,
    private readonly queues: QueueService,
    private readonly registry: JobHandlerRegistry,
    private readonly relay: OutboxRelay,
    private readonly outbox: OutboxRepository,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.has('worker')) return;
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job: Job) => this.metrics.timeJob(queue, job, () => this.process(job)), {
        connection: this.redis.createConnection(),
        prefix: this.queues.prefix,
        concurrency: 8,
        autorun: true,
        // Each job records the process that ran it (`processedBy`, shown in the queue dashboard).
        name: workerName(),
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
        this.logger.warn(
          `job ${job?.name ?? '?'} ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? 0}): ${error.message}`,
        );
        const eventId = OUTBOX_JOB.exec(job?.id ?? '')?.[1];
        const final =
          job !== undefined && (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1));
        this.metrics.jobFailed(queue, final);
        if (eventId && final) this.finish(eventId);
      });
      worker.on('error', (error) => this.logger.error(`worker ${queue}: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`worker role started on ${this.workers.length} queue(s)`);
    void this.redis.evictionPolicy().then((policy) => {
      const warning = evictionWarning(policy);
      if (warning) this.logger.warn(warning);
    });
  }

  private async process(job: Job): Promise<unknown> {
    const jobId = job.id ?? '';
    const eventId = OUTBOX_JOB.exec(jobId)?.[1];
    const result = await this.registry.run(job.name as JobName, job.data as JobPayloads[JobName], {
      jobId,
      eventId,
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
    });
    // Recorded once the handler's work is committed, whether or not BullMQ hears of it: a job
    // finished here is never relayed again, even if Redis loses its data right now.
    if (eventId) this.finish(eventId);
    return result;
  }

  /** Notes a finished outbox event; notes arriving together are written in one statement. */
  private finish(eventId: string): void {
    this.finished.push(eventId);
    this.flushing ??= this.flush();
  }

  private async flush(): Promise<void> {
    while (this.finished.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const ids = this.finished;
      this.finished = [];
      try {
        await this.outbox.markFinished(ids);
      } catch (error) {
        // Unrecorded, they run again only if Redis loses its data, and their jobs are idempotent.
        this.logger.warn(`could not record ${ids.length} finished outbox event(s): ${String(error)}`);
      }
    }
    this.flushing = undefined;
  }

  /**
   * Drains before anything closes: each worker finishes the jobs it holds, then the relay stops,
   * while PostgreSQL and Redis (closed in the later onApplicationShutdown hooks) still answer.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    this.workers.length = 0;
    await this.flushing;
    await this.relay.stop();
  }
}
