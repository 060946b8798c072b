import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

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
