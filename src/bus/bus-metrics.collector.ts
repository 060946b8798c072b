import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsService, QUEUE_STATES } from '../metrics/metrics.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { QueueService } from './queue.service.js';

/** Reads queue depths from BullMQ and the outbox backlog from PostgreSQL at each scrape. */
@Injectable()
export class BusMetricsCollector implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueueService,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.collectAtScrape('queues', async () => {
      const queues = this.queues.allQueues();
      const counts = await Promise.all(queues.map((q) => q.getJobCounts(...QUEUE_STATES)));
      queues.forEach((queue, i) => this.metrics.queueDepth(queue.name, counts[i] ?? {}));
    });
    this.metrics.collectAtScrape('outbox', async () => this.metrics.outbox(await this.outbox.backlog()));
  }
}
