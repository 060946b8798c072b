import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to which record. Written by a job from the outbox, once per event. */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_subject', ['subjectType', 'subjectId', 'occurredAt'])
@Index('uq_audit_log_job', ['jobId'], { unique: true })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_audit_log' })
  id: string;

  @Column({ name: 'job_id', type: 'varchar', length: 128 })
  jobId: string;

  @Column({ name: 'action', type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'subject_type', type: 'varchar', length: 64 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 128 })
  subjectId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
