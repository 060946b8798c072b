import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OutboundMailEntity } from '../outbound-mail.entity.js';

/**
 * A mail as the mailbox driver received it, rendered and whole: what Ieum would have sent (or,
 * with MAIL_MAILBOX_COPY, also sent), for system administrators to read. Kept for a while only.
 */
@Entity({ name: 'mailbox_mails' })
@Index('ix_mailbox_mails_created', ['createdAt', 'id'])
export class MailboxMailEntity {
  /** The stored outbound mail's id: one copy per mail, however often its send job runs. */
  @PrimaryColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_mailbox_mails' })
  id: string;

  @OneToOne(() => OutboundMailEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'id', foreignKeyConstraintName: 'fk_mailbox_mails_mail' })
  mail?: Relation<OutboundMailEntity>;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'from_address', type: 'varchar', length: 320 })
  fromAddress: string;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ name: 'reply_to', type: 'varchar', length: 320, nullable: true })
  replyTo: string | null;

  @Column({ name: 'subject', type: 'varchar', length: 500 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody: string | null;

  @Column({ name: 'message_id', type: 'varchar', length: 255 })
  messageId: string;

  /** Every other header field the mail carried (In-Reply-To, References, Auto-Submitted, …). */
  @Column({ name: 'headers', type: 'jsonb', default: () => `'{}'` })
  headers: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
