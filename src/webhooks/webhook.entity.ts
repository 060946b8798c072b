import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

/**
 * An incoming webhook: a URL a system posts signed JSON to, which appears in one room as a message
 * from the webhook's own bot user (named as the webhook). The signing secret is kept sealed with a
 * key derived from JWT_SECRET, since checking an HMAC needs the secret itself.
 */
@Entity({ name: 'webhooks' })
@Index('ix_webhooks_room', ['roomId'])
export class WebhookEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_webhooks' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_webhooks_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  /** The user the webhook's messages are sent as (kind bot, login webhook.<id>). */
  @Column({ name: 'bot_user_id', type: 'uuid' })
  botUserId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'bot_user_id', foreignKeyConstraintName: 'fk_webhooks_bot_user' })
  botUser?: Relation<UserEntity>;

  @Column({ name: 'secret_sealed', type: 'text', select: false })
  secretSealed?: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_webhooks_created_by' })
  creator?: Relation<UserEntity>;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An outgoing subscription: a URL that receives the events named, signed with its own secret. */
@Entity({ name: 'webhook_subscriptions' })
@Index('ix_webhook_subscriptions_room', ['roomId'], { where: 'room_id IS NOT NULL' })
export class WebhookSubscriptionEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_webhook_subscriptions' })
  id: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'url', type: 'varchar', length: 2000 })
  url: string;

  @Column({ name: 'events', type: 'varchar', length: 40, array: true })
  events: string[];

  /** The room whose messages it receives (message.created); tasks whose room it is, when set. */
  @Column({ name: 'room_id', type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_webhook_subscriptions_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'secret_sealed', type: 'text', select: false })
  secretSealed?: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_webhook_subscriptions_created_by' })
  creator?: Relation<UserEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const DeliveryStatus = { Pending: 'pending', Delivered: 'delivered', Failed: 'failed', Refused: 'refused' } as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

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
