import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { MailboxMailEntity } from './mailbox-mail.entity.js';

/** A file the mail carried, the iCalendar part (invite.ics, cancel.ics) among them. */
@Entity({ name: 'mailbox_attachments' })
export class MailboxAttachmentEntity {
  @PrimaryColumn('uuid', { name: 'mail_id', primaryKeyConstraintName: 'pk_mailbox_attachments' })
  mailId: string;

  /** Its place in the mail, from 0: the address of its download. */
  @PrimaryColumn('smallint', { name: 'ordinal', primaryKeyConstraintName: 'pk_mailbox_attachments' })
  ordinal: number;

  @ManyToOne(() => MailboxMailEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mail_id', foreignKeyConstraintName: 'fk_mailbox_attachments_mail' })
  mail?: Relation<MailboxMailEntity>;

  @Column({ name: 'filename', type: 'varchar', length: 255 })
  filename: string;

  @Column({ name: 'content_type', type: 'varchar', length: 255 })
  contentType: string;

  @Column({ name: 'size', type: 'integer' })
  size: number;

  @Column({ name: 'content', type: 'bytea', select: false })
  content?: Buffer;
}
