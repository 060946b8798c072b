import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

export type DocumentLinkStatus = 'active' | 'parked';
export type DocumentChangeKind = 'added' | 'changed' | 'removed';

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

/** The watermark: each file of a linked folder as last seen (path → ETag). */
@Entity({ name: 'document_entries' })
export class DocumentEntryEntity {
  @PrimaryColumn({ name: 'link_id', type: 'uuid', primaryKeyConstraintName: 'pk_document_entries' })
  linkId: string;

  @PrimaryColumn({ name: 'path', type: 'varchar', length: 1024, primaryKeyConstraintName: 'pk_document_entries' })
  path: string;

  @ManyToOne(() => DocumentLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id', foreignKeyConstraintName: 'fk_document_entries_link' })
  link?: Relation<DocumentLinkEntity>;

  @Column({ name: 'etag', type: 'varchar', length: 512, nullable: true })
  etag: string | null;

  @Column({ name: 'size', type: 'bigint', nullable: true })
  size: string | null;

  @Column({ name: 'modified_at', type: 'timestamptz', nullable: true })
  modifiedAt: Date | null;
}

/** One change a sync found, announced in the room with the others of its batch (one sync). */
@Entity({ name: 'document_changes' })
@Index('ix_document_changes_batch', ['batchId'])
@Index('ix_document_changes_link', ['linkId', 'createdAt'])
@Check('ck_document_changes_change', `change IN ('added','changed','removed')`)
export class DocumentChangeEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_document_changes' })
  id: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @ManyToOne(() => DocumentLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id', foreignKeyConstraintName: 'fk_document_changes_link' })
  link?: Relation<DocumentLinkEntity>;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId: string;

  @Column({ name: 'path', type: 'varchar', length: 1024 })
  path: string;

  @Column({ name: 'change', type: 'varchar', length: 8 })
  change: DocumentChangeKind;

  @Column({ name: 'etag', type: 'varchar', length: 512, nullable: true })
  etag: string | null;

  @Column({ name: 'size', type: 'bigint', nullable: true })
  size: string | null;

  @Column({ name: 'modified_at', type: 'timestamptz', nullable: true })
  modifiedAt: Date | null;

  @Column({ name: 'changed_by', type: 'varchar', length: 256, nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
