import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { DocumentLinkEntity } from './document-link.entity.js';

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
