import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { JOB_QUEUE, QueueName, type JobName, type JobPayloads } from './bus.constants.js';

export interface EnqueueOptions {
  /** Deterministic id: adding the same id twice while the job is kept creates it once. */
  jobId: string;
  delayMs?: number;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed ids are kept for a week so a re-relayed outbox event is recognised as a duplicate.
  removeOnComplete: { age: 7 * 86400, count: 100_000 },
  removeOnFail: { age: 30 * 86400 },
};

interface Schedule {
  queue: QueueName;
  id: string;
  everyMs: number;
  job: JobName;
}

@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly schedules = new Map<string, Schedule>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly redis: RedisService,
  ) {}

  /** BullMQ prefix in hash-tag form, so every key of a queue lands on one Redis Cluster slot. */
  get prefix(): string {
    return `{${this.config.bus.prefix}}`;
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.redis.client,
        prefix: this.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  allQueues(): Queue[] {
    return Object.values(QueueName).map((name) => this.queue(name));
  }

  async add<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    assertJobId(options.jobId);
    await this.queue(JOB_QUEUE[name]).add(name, data, { jobId: options.jobId, delay: options.delayMs });
  }

  /**
   * A job run every `everyMs` (a sweep). BullMQ keeps the schedule in Redis, so this process
   * remembers it too and writes it again when Redis has lost its data (see `reschedule`).
   */
  async schedule(queue: QueueName, id: string, everyMs: number, job: JobName): Promise<void> {
    this.schedules.set(`${queue}:${id}`, { queue, id, everyMs, job });
    await this.queue(queue).upsertJobScheduler(id, { every: everyMs }, { name: job, data: {} as never });
  }

  /** Writes every schedule of this process again (after Redis lost its data); returns how many. */
  async reschedule(): Promise<number> {
    for (const s of this.schedules.values())
      await this.queue(s.queue).upsertJobScheduler(s.id, { every: s.everyMs }, { name: s.job, data: {} as never });
    return this.schedules.size;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}

/** BullMQ refuses ids containing ':' and treats all-digit ids as its own counters. */
export function assertJobId(jobId: string): void {
  if (jobId.includes(':') || /^\d+$/.test(jobId) || jobId.length === 0) {
    throw new Error(`invalid job id "${jobId}": no ':' and not all digits`);
  }
}
