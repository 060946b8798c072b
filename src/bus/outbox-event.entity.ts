import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An event written in the same transaction as the change it describes; relayed to BullMQ. */
@Entity({ name: 'outbox_events' })
@Index('ix_outbox_events_pending', ['id'], { where: 'relayed_at IS NULL' })
@Index('ix_outbox_events_unfinished', ['id'], { where: 'relayed_at IS NOT NULL AND finished_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_outbox_events' })
  id: string;

  @Column({ name: 'queue', type: 'varchar', length: 64 })
  queue: string;

  @Column({ name: 'job_name', type: 'varchar', length: 64 })
  jobName: string;

  @Column({ name: 'payload', type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'delay_until', type: 'timestamptz', nullable: true })
  delayUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  /** When its job finished, done or failed for good; null while Redis holds the only trace of it. */
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
