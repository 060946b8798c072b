import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RedisRecovery } from '../redis/redis-recovery.js';
import { RedisService } from '../redis/redis.service.js';
import type { JobName, JobPayloads, QueueName } from './bus.constants.js';
import type { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { QueueService } from './queue.service.js';

const BATCH = 200;
const SWEEP_MS = 5000;

export function outboxJobId(eventId: string): string {
  return `outbox-${eventId}`;
}

/**
 * Moves committed outbox rows onto BullMQ. Kicked right after each commit in this process;
 * also run on start (whatever a crash left behind) and on a slow sweep (another node's leftovers).
 *
 * Redis may lose everything. A key holding the deployment's Redis "epoch" tells: when it is gone,
 * every event relayed but not finished is relayed again (its job was lost with Redis, or is still
 * there and the same job id makes the second add a no-op), and each node whose epoch changed
 * writes its sweeps' schedules again. The sweep notices within SWEEP_MS.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private epoch: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueService,
    private readonly redis: RedisService,
    private readonly recovery: RedisRecovery,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.checkRedis();
    await this.drain();
    this.timer = setInterval(() => {
      this.checkRedis()
        .catch((error: unknown) => this.logger.warn(`could not check Redis for lost data: ${String(error)}`))
        .finally(() => this.kick());
    }, SWEEP_MS);
    this.timer.unref();
  }

  /** Notices that Redis lost its data since this node last looked, and puts back what was lost. */
  async checkRedis(): Promise<void> {
    const key = this.recovery.epochKey;
    let epoch = await this.redis.client.get(key);
    if (epoch === null) {
      const requeued = await this.outbox.requeueUnfinished();
      const restored = await this.recovery.restore();
      await this.redis.client.set(key, randomUUID(), 'NX');
      epoch = await this.redis.client.get(key);
      const written = Object.entries(restored).filter(([, n]) => n > 0);
      if (requeued > 0 || written.length > 0) {
        this.logger.warn(
          `Redis holds none of this deployment's data: relaying ${requeued} unfinished job(s) again; wrote back ${written.map(([name, n]) => `${n} ${name}`).join(', ') || 'nothing else'}`,
        );
      }
    }
    if (this.epoch !== undefined && epoch !== this.epoch) {
      const schedules = await this.queues.reschedule();
      this.logger.warn(`Redis lost its data: wrote ${schedules} sweep schedule(s) again`);
    }
    this.epoch = epoch ?? undefined;
  }

  /** Called by the worker service's shutdown, before connections close. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Ask for a relay soon; calls while one runs coalesce into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Relays until nothing is pending; resolves when done (tests and start-up await it). */
  async drain(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.outbox.relayBatch(BATCH, (events) => this.send(events))) === BATCH) {
          if (this.stopped) return;
        }
      } catch (error) {
        this.logger.warn(`outbox relay failed, will retry on the next sweep: ${String(error)}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  private async send(events: OutboxEventEntity[]): Promise<void> {
    const byQueue = new Map<string, OutboxEventEntity[]>();
    for (const event of events) byQueue.set(event.queue, [...(byQueue.get(event.queue) ?? []), event]);
    const now = Date.now();
    await Promise.all(
      [...byQueue].map(([queue, group]) =>
        this.queues.queue(queue as QueueName).addBulk(
          group.map((event) => ({
            name: event.jobName as JobName,
            data: event.payload as unknown as JobPayloads[JobName],
            opts: {
              jobId: outboxJobId(event.id),
              delay: event.delayUntil ? Math.max(0, event.delayUntil.getTime() - now) : undefined,
            },
          })),
        ),
      ),
    );
    this.logger.debug(`relayed ${events.length} event(s) with prefix ${this.config.bus.prefix}`);
  }
}
