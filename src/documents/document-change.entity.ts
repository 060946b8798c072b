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
import { DocumentLinkEntity } from './document-link.entity.js';
import type { DocumentChangeKind } from './documents.types.js';

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
