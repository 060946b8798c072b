import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { ReminderEntity } from './reminder.entity.js';

export type NewReminder = Pick<
  ReminderEntity,
  'id' | 'creatorId' | 'targetUserId' | 'targetRoomId' | 'text' | 'nextAt' | 'recurrence' | 'timeZone'
>;

@Injectable()
export class ReminderRepository {
  constructor(@InjectRepository(ReminderEntity) private readonly reminders: Repository<ReminderEntity>) {}

  /** Inserts unless a reminder with this id exists (a retried command); returns the stored one. */
  async insertOnce(tx: Tx, reminder: NewReminder): Promise<{ reminder: ReminderEntity; created: boolean }> {
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(ReminderEntity)
      .values({ ...reminder, status: 'active', firedCount: 0 })
      .orIgnore()
      .execute();
    const stored = await tx.manager.findOneByOrFail(ReminderEntity, { id: reminder.id });
    return { reminder: stored, created: (result.raw as unknown[]).length > 0 };
  }

  async findById(id: string): Promise<ReminderEntity | null> {
    return this.reminders.findOneBy({ id });
  }

  async listActiveFor(userId: string): Promise<ReminderEntity[]> {
    return this.reminders
      .createQueryBuilder('r')
      .where(`r.status = 'active'`)
      .andWhere('(r.creator_id = :userId OR r.target_user_id = :userId)', { userId })
      .orderBy('r.next_at', 'ASC')
      .getMany();
  }

  async listActiveDue(until: Date | null): Promise<Array<Pick<ReminderEntity, 'id' | 'nextAt'>>> {
    const query = this.reminders
      .createQueryBuilder('r')
      .select(['r.id', 'r.nextAt'])
      .where(`r.status = 'active'`)
      .andWhere('r.next_at IS NOT NULL');
    if (until) query.andWhere('r.next_at <= :until', { until });
    return query.orderBy('r.next_at', 'ASC').getMany();
  }

  async countActiveOf(creatorId: string): Promise<number> {
    return this.reminders.countBy({ creatorId, status: 'active' });
  }

  async cancelAllOf(creatorId: string): Promise<number> {
    const result = await this.reminders.update({ creatorId, status: 'active' }, { status: 'cancelled' });
    return result.affected ?? 0;
  }

  async cancel(id: string, creatorId: string): Promise<boolean> {
    const result = await this.reminders.update({ id, creatorId, status: 'active' }, { status: 'cancelled' });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Moves a reminder past the occurrence at `firedAt`, only if it still stands there: two
   * workers firing the same occurrence cannot both advance it.
   */
  async advance(id: string, firedAt: Date, nextAt: Date | null): Promise<boolean> {
    const result = await this.reminders
      .createQueryBuilder()
      .update(ReminderEntity)
      .set({ nextAt, status: nextAt ? 'active' : 'done', firedCount: () => 'fired_count + 1' })
      .where(`id = :id AND status = 'active' AND next_at = :firedAt`, { id, firedAt })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
