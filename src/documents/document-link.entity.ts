import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';
import type { DocumentLinkStatus } from './documents.types.js';

/** A room's document folder (one per room): where it is, who signs in, and how following it goes. */
@Entity({ name: 'document_links' })
@Index('uq_document_links_room', ['roomId'], { unique: true })
@Check('ck_document_links_status', `status IN ('active','parked')`)
export class DocumentLinkEntity {
  /** Chosen before insert: the sealed password is bound to it. */
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_document_links' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_document_links_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'url', type: 'varchar', length: 2048 })
  url: string;

  /** The linked folder below the endpoint, canonical ('/' or '/a/b'). */
  @Column({ name: 'root', type: 'varchar', length: 1024 })
  root: string;

  @Column({ name: 'username', type: 'varchar', length: 256 })
  username: string;

  /** The password, AES-256-GCM sealed (document-secret.ts); never selected unless asked for. */
  @Column({ name: 'password_sealed', type: 'bytea', select: false })
  passwordSealed: Buffer;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'active' })
  status: DocumentLinkStatus;

  /** Failed syncs in a row; the link is parked when they reach DOCUMENTS_PARK_AFTER. */
  @Column({ name: 'failures', type: 'integer', default: 0 })
  failures: number;

  /** The code of the last failure, cleared by a sync that succeeds. */
  @Column({ name: 'last_error', type: 'varchar', length: 40, nullable: true })
  lastError: string | null;

  /** When the folder's contents were first recorded; changes are announced only after it. */
  @Column({ name: 'baseline_at', type: 'timestamptz', nullable: true })
  baselineAt: Date | null;

  @Column({ name: 'synced_at', type: 'timestamptz', nullable: true })
  syncedAt: Date | null;

  @Column({ name: 'parked_at', type: 'timestamptz', nullable: true })
  parkedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_document_links_created_by' })
  creator?: Relation<UserEntity> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
