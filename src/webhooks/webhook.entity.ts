import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
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
