import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusMetricsCollector } from './bus-metrics.collector.js';
import { EventPublisher } from './event-publisher.service.js';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxRepository } from './outbox.repository.js';
import { QueueService } from './queue.service.js';
import { WorkerService } from './worker.service.js';

@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [
    BusMetricsCollector,
    QueueService,
    OutboxRepository,
    OutboxRelay,
    EventPublisher,
    JobHandlerRegistry,
    WorkerService,
  ],
  exports: [QueueService, EventPublisher, OutboxRelay],
})
export class BusModule {}
