import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { MessageEntity } from '../messenger/message.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

export type InboundMailStatus = 'received' | 'posted' | 'skipped' | 'failed';

export interface MailAuthVerdicts {
  spf: string;
  dkim: string;
  dmarc: string;
}

/**
 * A mail as the SMTP server accepted it, raw, committed before the sender heard 250; the ingest
 * job parses it and posts it into the room once.
 */
@Entity({ name: 'inbound_mails' })
@Index('uq_inbound_mails_posted', ['roomId', 'messageId'], {
  unique: true,
  where: `status = 'posted' AND message_id IS NOT NULL`,
})
@Index('ix_inbound_mails_status', ['status', 'receivedAt'])
@Index('ix_inbound_mails_sender', ['envelopeFrom', 'receivedAt'])
@Check('ck_inbound_mails_status', `status IN ('received','posted','skipped','failed')`)
@Check('ck_inbound_mails_claim', `(claimed_until IS NULL) = (claimed_by IS NULL)`)
export class InboundMailEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_inbound_mails' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_inbound_mails_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'envelope_from', type: 'varchar', length: 320, nullable: true })
  envelopeFrom: string | null;

  @Column({ name: 'envelope_to', type: 'varchar', length: 320 })
  envelopeTo: string;

  @Column({ name: 'remote_address', type: 'varchar', length: 64, nullable: true })
  remoteAddress: string | null;

  /** What the client said in HELO/EHLO, for SPF. */
  @Column({ name: 'helo', type: 'varchar', length: 255, nullable: true })
  helo: string | null;

  /** SPF, DKIM and DMARC verdicts (mailauth), recorded when the mail is processed. */
  @Column({ name: 'auth', type: 'jsonb', nullable: true })
  auth: MailAuthVerdicts | null;

  @Column({ name: 'raw', type: 'bytea' })
  raw: Buffer;

  @Column({ name: 'size', type: 'integer' })
  size: number;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'received' })
  status: InboundMailStatus;

  /** Why it was skipped or failed: auto-reply, bulk, loop, duplicate, malformed. */
  @Column({ name: 'reason', type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  @Column({ name: 'message_id', type: 'varchar', length: 998, nullable: true })
  messageId: string | null;

  @Column({ name: 'posted_message_id', type: 'uuid', nullable: true })
  postedMessageId: string | null;

  @ManyToOne(() => MessageEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'posted_message_id', foreignKeyConstraintName: 'fk_inbound_mails_message' })
  postedMessage?: Relation<MessageEntity> | null;

  /** The ingest job working on it holds it until then; another job finding it held does nothing. */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** That job's id: BullMQ's retry of the same job (its worker died) takes the claim back at once. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 200, nullable: true })
  claimedBy: string | null;

  /** How many times a job claimed it: part of the sweep's job id, so a lapsed claim gets a new job. */
  @Column({ name: 'claims', type: 'integer', default: 0 })
  claims: number;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
