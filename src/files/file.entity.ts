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
import { MessageEntity } from '../messenger/message.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

/** What a file outside a room belongs to: `pending` until attached (its uploader alone may read it). */
export type FileOwnerKind = 'pending' | 'memo' | 'opinion' | 'wall_post';

/**
 * A stored file: uploaded into a room and attached to at most one message of that room, or
 * uploaded on its own and attached to a memo, an opinion or a wall post, whose readers may read it.
 */
@Entity({ name: 'files' })
@Index('ix_files_room', ['roomId', 'createdAt'])
@Index('ix_files_owner', ['ownerKind', 'ownerId'])
@Check(
  'ck_files_owner',
  `(room_id IS NOT NULL AND owner_kind IS NULL) OR (room_id IS NULL AND owner_kind IN ('pending','memo','opinion','wall_post'))`,
)
@Index('ix_files_message', ['messageId'], { where: 'message_id IS NOT NULL' })
export class FileEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_files' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => RoomEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_files_room' })
  room?: Relation<RoomEntity> | null;

  @Column({ name: 'owner_kind', type: 'varchar', length: 16, nullable: true })
  ownerKind: FileOwnerKind | null;

  /** The memo, the memo of the opinion (with the uploader as its author) or the wall post. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ name: 'uploader_id', type: 'uuid' })
  uploaderId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploader_id', foreignKeyConstraintName: 'fk_files_uploader' })
  uploader?: Relation<UserEntity>;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  @ManyToOne(() => MessageEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_files_message' })
  message?: Relation<MessageEntity> | null;

  @Column({ name: 'name', type: 'varchar', length: 255 })
  name: string;

  /** Sniffed from the bytes; what the client claimed is never stored. */
  @Column({ name: 'content_type', type: 'varchar', length: 127 })
  contentType: string;

  @Column({ name: 'size', type: 'bigint' })
  size: string;

  @Column({ name: 'sha256', type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 255 })
  storageKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
