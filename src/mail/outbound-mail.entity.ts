import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboundMailStatus = 'pending' | 'sent' | 'failed';

/** A rendered e-mail waiting for (or past) its driver: the job that sends it only needs the id. */
@Entity({ name: 'outbound_mails' })
@Index('ix_outbound_mails_pending', ['createdAt'], { where: `status = 'pending'` })
@Check('ck_outbound_mails_status', `status IN ('pending','sent','failed')`)
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

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'pending' })
  status: OutboundMailStatus;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 255, nullable: true })
  providerMessageId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
