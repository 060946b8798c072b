import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { JOB_QUEUE, type BusEvent } from './bus.constants.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

@Injectable()
export class OutboxRepository {
  constructor(@InjectRepository(OutboxEventEntity) private readonly rows: Repository<OutboxEventEntity>) {}

  async insert(tx: Tx, event: BusEvent, delayUntil?: Date): Promise<string> {
    const result = await tx.manager.insert(OutboxEventEntity, {
      queue: JOB_QUEUE[event.name],
      jobName: event.name,
      payload: event.data as never,
      delayUntil: delayUntil ?? null,
    });
    return String((result.identifiers[0] as { id: string | number }).id);
  }

  /** Several events (none delayed) in one statement, their ids in the same order. */
  async insertMany(tx: Tx, events: readonly BusEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const result = await tx.manager.insert(
      OutboxEventEntity,
      events.map((event) => ({
        queue: JOB_QUEUE[event.name],
        jobName: event.name,
        payload: event.data as never,
        delayUntil: null,
      })),
    );
    return result.identifiers.map((identifier) => String((identifier as { id: string | number }).id));
  }

  /**
   * Claims a batch of unrelayed events (skipping rows another relay holds), lets `send` enqueue
   * them, and marks them relayed, all inside one transaction: a crash before the commit leaves
   * them pending for the next relay, and the deterministic job ids make that second send a no-op.
   */
  async relayBatch(limit: number, send: (events: OutboxEventEntity[]) => Promise<void>): Promise<number> {
    return this.rows.manager.transaction(async (manager) => {
      const batch = await manager
        .createQueryBuilder(OutboxEventEntity, 'e')
        .where('e.relayed_at IS NULL')
        .orderBy('e.id', 'ASC')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (batch.length === 0) return 0;
      await send(batch);
      await manager.update(OutboxEventEntity, { id: In(batch.map((e) => e.id)) }, { relayedAt: () => 'now()' });
      return batch.length;
    });
  }

  /** Records that these events' jobs finished (done, or failed for good). */
  async markFinished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.rows.update({ id: In(ids), finishedAt: IsNull() }, { finishedAt: () => 'now()' });
  }

  /**
   * Puts every event relayed but not finished back in line for the relay: after Redis lost its
   * data, those jobs exist nowhere else. Deterministic job ids make a job Redis still holds a no-op.
   */
  async requeueUnfinished(): Promise<number> {
    const result = await this.rows
      .createQueryBuilder()
      .update(OutboxEventEntity)
      .set({ relayedAt: null })
      .where('relayed_at IS NOT NULL AND finished_at IS NULL')
      .execute();
    return result.affected ?? 0;
  }

  /** How many rows wait for the relay, and when the oldest of them was written. */
  async backlog(): Promise<{ count: number; oldestAt: Date | null }> {
    const row = await this.rows
      .createQueryBuilder('e')
      .select('count(*)::int', 'count')
      .addSelect('min(e.created_at)', 'oldest')
      .where('e.relayed_at IS NULL')
      .getRawOne<{ count: number; oldest: Date | null }>();
    return { count: row?.count ?? 0, oldestAt: row?.oldest ?? null };
  }

  async countPending(): Promise<number> {
    return this.rows.countBy({ relayedAt: IsNull() });
  }
}
