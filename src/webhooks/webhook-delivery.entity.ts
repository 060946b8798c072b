import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';
import type { DeliveryStatus } from './webhooks.types.js';

/** One event for one subscription: the exact body sent, and how its last attempt went. */
@Entity({ name: 'webhook_deliveries' })
@Index('uq_webhook_deliveries_source', ['subscriptionId', 'sourceEventId'], { unique: true })
@Index('ix_webhook_deliveries_subscription', ['subscriptionId', 'createdAt'])
@Check('ck_webhook_deliveries_status', `status IN ('pending','delivered','failed','refused')`)
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'fk_webhook_deliveries_subscription' })
  subscription?: Relation<WebhookSubscriptionEntity>;

  /** The outbox event the delivery came from: one delivery per event and subscription. */
  @Column({ name: 'source_event_id', type: 'bigint' })
  sourceEventId: string;

  @Column({ name: 'event', type: 'varchar', length: 40 })
  event: string;

  @Column({ name: 'payload', type: 'text' })
  payload: string;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
