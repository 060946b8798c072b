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
import { UserEntity } from '../identity/user.entity.js';
import type { MessageKind } from './messenger.types.js';
import { RoomEntity } from './room.entity.js';

@Entity({ name: 'messages' })
@Index('uq_messages_room_seq', ['roomId', 'seq'], { unique: true })
@Index('uq_messages_client_id', ['senderId', 'clientMessageId'], {
  unique: true,
  where: 'client_message_id IS NOT NULL',
})
@Index('uq_messages_room_change_seq', ['roomId', 'changeSeq'], { unique: true })
@Index('ix_messages_thread', ['threadRootId', 'seq'], { where: 'thread_root_id IS NOT NULL' })
// A trigram index (pg_trgm) serves substring search, Korean included; TypeORM cannot describe
// its operator class, so the migration owns it.
@Index('ix_messages_body_trgm', { synchronize: false })
@Check('ck_messages_kind', `kind IN ('text','system','bot')`)
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_messages' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_messages_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'seq', type: 'bigint' })
  seq: string;

  /** The room's change number of the last change to this message (its creation, an edit, a deletion, a reaction). */
  @Column({ name: 'change_seq', type: 'bigint', default: 0 })
  changeSeq: string;

  @Column({ name: 'sender_id', type: 'uuid', nullable: true })
  senderId: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sender_id', foreignKeyConstraintName: 'fk_messages_sender' })
  sender?: Relation<UserEntity> | null;

  /** The sender's own id for this message: a retried send with the same id is the same message. */
  @Column({ name: 'client_message_id', type: 'varchar', length: 64, nullable: true })
  clientMessageId: string | null;

  @Column({ name: 'kind', type: 'varchar', length: 16, default: 'text' })
  kind: MessageKind;

  @Column({ name: 'body', type: 'text' })
  body: string;

  @Column({ name: 'thread_root_id', type: 'uuid', nullable: true })
  threadRootId: string | null;

  @ManyToOne(() => MessageEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_root_id', foreignKeyConstraintName: 'fk_messages_thread_root' })
  threadRoot?: Relation<MessageEntity> | null;

  @Column({ name: 'reply_count', type: 'integer', default: 0 })
  replyCount: number;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
