import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A session that ended before its access tokens expired (signed out, account disabled). Redis
 * answers "has it ended?" on every request; this row is what survives Redis losing its data, and
 * is written back to Redis from here. Kept until the session's last token has expired.
 */
@Entity({ name: 'ended_sessions' })
@Index('ix_ended_sessions_expires_at', ['expiresAt'])
export class EndedSessionEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'pk_ended_sessions' })
  sessionId: string;

  @Column({ name: 'reason', type: 'varchar', length: 40 })
  reason: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
