import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { OutgoingEventName } from '../bus/bus.constants.js';
import type { Tx } from '../database/unit-of-work.js';
import { DeliveryStatus } from './webhooks.types.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookEntity } from './webhook.entity.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

export interface NewDelivery {
  subscriptionId: string;
  sourceEventId: string;
  event: OutgoingEventName;
  payload: string;
}

export interface Attempt {
  attempt: number;
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
  at: Date;
}

/** Snapshots of what outgoing events describe, read straight from the owning features' tables. */
export interface MessageSnapshot {
  id: string;
  room_id: string;
  room_name: string | null;
  seq: string;
  sender_id: string | null;
  sender_name: string | null;
  kind: string;
  body: string;
  thread_root_id: string | null;
  created_at: Date;
}
export interface TaskSnapshot {
  id: string;
  room_id: string;
  title: string;
  status: string;
  priority: string;
  due_at: Date | null;
  change: string;
  actor_id: string | null;
  from_status: string | null;
  to_status: string | null;
  changed_at: Date;
}
export interface MemoSnapshot {
  id: string;
  title: string;
  author_id: string;
  user_id: string;
  user_name: string;
  opinion_at: Date | null;
}
export interface MeetingSnapshot {
  id: string;
  room_id: string | null;
  title: string;
  kind: string;
  status: string;
  host_id: string | null;
  starts_at: Date;
  duration_minutes: number;
  time_zone: string;
  recurrence: string | null;
  sequence: number;
}

@Injectable()
export class WebhookRepository {
  constructor(
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  // Incoming webhooks

  async insertWebhook(
    row: Pick<WebhookEntity, 'id' | 'roomId' | 'name' | 'botUserId' | 'createdBy'> & { secretSealed: string },
  ): Promise<WebhookEntity> {
    await this.webhooks.insert({ ...row, disabledAt: null, lastUsedAt: null });
    return this.webhooks.findOneByOrFail({ id: row.id });
  }

  async webhooksOf(roomId: string): Promise<WebhookEntity[]> {
    return this.webhooks.find({ where: { roomId }, order: { createdAt: 'ASC' } });
  }

  async findWebhook(id: string): Promise<WebhookEntity | null> {
    return this.webhooks.findOneBy({ id });
  }

  /** The webhook with its sealed secret, for checking a signature. */
  async findWebhookWithSecret(id: string): Promise<WebhookEntity | null> {
    return this.webhooks.createQueryBuilder('w').addSelect('w.secretSealed').where('w.id = :id', { id }).getOne();
  }

  async setWebhookDisabled(id: string, disabledAt: Date | null): Promise<void> {
    await this.webhooks.update({ id }, { disabledAt });
  }

  async touchWebhook(id: string, at: Date): Promise<void> {
    await this.webhooks.update({ id }, { lastUsedAt: at });
  }

  async deleteWebhook(id: string): Promise<boolean> {
    return ((await this.webhooks.delete({ id })).affected ?? 0) > 0;
  }

  // Outgoing subscriptions

  async insertSubscription(
    row: Pick<WebhookSubscriptionEntity, 'id' | 'name' | 'url' | 'events' | 'roomId' | 'createdBy'> & {
      secretSealed: string;
    },
  ): Promise<WebhookSubscriptionEntity> {
    await this.subscriptions.insert(row);
    return this.subscriptions.findOneByOrFail({ id: row.id });
  }

  async listSubscriptions(): Promise<WebhookSubscriptionEntity[]> {
    return this.subscriptions.find({ order: { createdAt: 'ASC' } });
  }

  async findSubscription(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.subscriptions.findOneBy({ id });
  }

  async findSubscriptionWithSecret(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.subscriptions.createQueryBuilder('s').addSelect('s.secretSealed').where('s.id = :id', { id }).getOne();
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return ((await this.subscriptions.delete({ id })).affected ?? 0) > 0;
  }

  /** Subscriptions to an event: those for every room, and those for its room when it has one. */
  async subscriptionsFor(event: OutgoingEventName, roomId: string | null): Promise<WebhookSubscriptionEntity[]> {
    const qb = this.subscriptions.createQueryBuilder('s').where(':event = ANY(s.events)', { event });
    if (roomId === null) qb.andWhere('s.room_id IS NULL');
    else qb.andWhere('(s.room_id IS NULL OR s.room_id = :roomId)', { roomId });
    return qb.orderBy('s.created_at', 'ASC').getMany();
  }

  /** Rooms some subscription watches for new messages. */
  async watchedRooms(): Promise<string[]> {
    const rows = await this.subscriptions
      .createQueryBuilder('s')
      .select('DISTINCT s.room_id', 'room_id')
      .where(`'message.created' = ANY(s.events) AND s.room_id IS NOT NULL`)
      .getRawMany<{ room_id: string }>();
    return rows.map((r) => r.room_id);
  }

  // Deliveries

  /** Inserts deliveries not made before for their (subscription, event); returns the new ones' ids. */
  async insertDeliveries(tx: Tx, rows: NewDelivery[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(WebhookDeliveryEntity)
      .values(rows.map((r) => ({ ...r, status: DeliveryStatus.Pending, attempts: 0 })))
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as Array<{ id: string }>).map((r) => r.id);
  }

  async findDelivery(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.deliveries.findOneBy({ id });
  }

  async recordAttempt(id: string, attempt: Attempt): Promise<void> {
    await this.deliveries.update(
      { id },
      {
        // An attempt recorded twice (a job that ran again after its worker died) counts once.
        attempts: () => `GREATEST(attempts, ${Math.trunc(attempt.attempt)})`,
        status: attempt.status,
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error?.slice(0, 500) ?? null,
        lastAttemptAt: attempt.at,
        ...(attempt.status === DeliveryStatus.Delivered ? { deliveredAt: attempt.at } : {}),
      },
    );
  }

  async deliveriesOf(subscriptionId: string, limit: number): Promise<WebhookDeliveryEntity[]> {
    return this.deliveries.find({ where: { subscriptionId }, order: { createdAt: 'DESC' }, take: limit });
  }

  // Snapshots

  async messageSnapshot(messageId: string): Promise<MessageSnapshot | null> {
    const rows = await this.db.query<MessageSnapshot[]>(
      `SELECT m.id, m.room_id, r.name AS room_name, m.seq::text AS seq, m.sender_id, u.display_name AS sender_name, m.kind, m.body, m.thread_root_id, m.created_at
         FROM messages m JOIN rooms r ON r.id = m.room_id LEFT JOIN users u ON u.id = m.sender_id
        WHERE m.id = $1 AND m.deleted_at IS NULL`,
      [messageId],
    );
    return rows[0] ?? null;
  }

  async taskSnapshot(taskId: string, taskEventId: string): Promise<TaskSnapshot | null> {
    const rows = await this.db.query<TaskSnapshot[]>(
      `SELECT t.id, t.room_id, t.title, t.status, t.priority, t.due_at, e.kind AS change, e.actor_id, e.from_status, e.to_status, e.created_at AS changed_at
         FROM tasks t JOIN task_events e ON e.task_id = t.id
        WHERE t.id = $1 AND e.id = $2`,
      [taskId, taskEventId],
    );
    return rows[0] ?? null;
  }

  async memoSnapshot(memoId: string, userId: string): Promise<MemoSnapshot | null> {
    const rows = await this.db.query<MemoSnapshot[]>(
      `SELECT m.id, m.title, m.author_id, r.user_id, u.display_name AS user_name, r.opinion_at
         FROM memos m JOIN memo_recipients r ON r.memo_id = m.id AND r.user_id = $2 JOIN users u ON u.id = r.user_id
        WHERE m.id = $1`,
      [memoId, userId],
    );
    return rows[0] ?? null;
  }

  async meetingSnapshot(meetingId: string): Promise<MeetingSnapshot | null> {
    const rows = await this.db.query<MeetingSnapshot[]>(
      `SELECT id, room_id, title, kind, status, host_id, starts_at, duration_minutes, time_zone, recurrence, sequence FROM meetings WHERE id = $1`,
      [meetingId],
    );
    return rows[0] ?? null;
  }
}
