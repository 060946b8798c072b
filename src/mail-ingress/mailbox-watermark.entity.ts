import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far a polled IMAP mailbox has been read: the highest UID stored, valid for one UIDVALIDITY.
 * It moves in the transaction that stores each mail, so a restart resumes after the last mail kept.
 */
@Entity({ name: 'mailbox_watermarks' })
export class MailboxWatermarkEntity {
  /** user@host:port/mailbox; never the password. */
  @PrimaryColumn('varchar', { name: 'mailbox', length: 500, primaryKeyConstraintName: 'pk_mailbox_watermarks' })
  mailbox: string;

  @Column({ name: 'uid_validity', type: 'bigint' })
  uidValidity: string;

  @Column({ name: 'last_uid', type: 'bigint', default: 0 })
  lastUid: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
