import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboundMailStatus = 'pending' | 'sent' | 'failed';

/** A rendered e-mail waiting for (or past) its driver: the job that sends it only needs the id. */
@Entity({ name: 'outbound_mails' })
@Index('ix_outbound_mails_pending', ['createdAt'], { where: `status = 'pending'` })
@Check('ck_outbound_mails_status', `status IN ('pending','sent','failed')`)
@Check('ck_outbound_mails_headers', `jsonb_typeof(headers) = 'object'`)
@Check(
  'ck_outbound_mails_calendar',
  `(calendar_method IS NULL) = (calendar_ics IS NULL) AND (calendar_method IS NULL OR calendar_method IN ('REQUEST','CANCEL'))`,
)
export class OutboundMailEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_outbound_mails' })
  id: string;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ name: 'subject', type: 'varchar', length: 500 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody: string | null;

  /** An iCalendar part (invitation, update or cancellation) sent as text/calendar and as an .ics file. */
  @Column({ name: 'calendar_method', type: 'varchar', length: 16, nullable: true })
  calendarMethod: 'REQUEST' | 'CANCEL' | null;

  @Column({ name: 'calendar_ics', type: 'text', nullable: true })
  calendarIcs: string | null;

  /** Fixed when the mail is stored, so a send repeated after a crash carries the same Message-ID. */
  @Column({ name: 'message_id', type: 'varchar', length: 255 })
  messageId: string;

  /** A sender other than MAIL_FROM: a room's own address, for replies from the room. */
  @Column({ name: 'from_address', type: 'varchar', length: 320, nullable: true })
  fromAddress: string | null;

  /** Where replies go instead of the sender: a per-thread address in a notification. */
  @Column({ name: 'reply_to', type: 'varchar', length: 320, nullable: true })
  replyTo: string | null;

  @Column({ name: 'in_reply_to', type: 'varchar', length: 998, nullable: true })
  inReplyTo: string | null;

  @Column({ name: 'references_header', type: 'text', nullable: true })
  referencesHeader: string | null;

  /** Files (already in the room the reply came from) sent as attachments, read from storage at send time. */
  @Column({ name: 'file_ids', type: 'uuid', array: true, default: () => "'{}'" })
  fileIds: string[];

  /** Extra header fields, name to value (Auto-Submitted on automatic mail). */
  @Column({ name: 'headers', type: 'jsonb', default: () => `'{}'` })
  headers: Record<string, string>;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'pending' })
  status: OutboundMailStatus;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 255, nullable: true })
  providerMessageId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
