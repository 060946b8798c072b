import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';

/** A day off (all of it, or a window) or an extra window outside the weekly rules. */
@Entity({ name: 'consultation_exceptions' })
@Index('ix_consultation_exceptions_day', ['investigatorId', 'day'])
@Check('ck_consultation_exceptions_kind', `kind IN ('off','extra')`)
@Check(
  'ck_consultation_exceptions_times',
  `(start_time IS NULL AND end_time IS NULL AND kind = 'off') OR (start_time IS NOT NULL AND end_time IS NOT NULL AND start_time < end_time)`,
)
export class ConsultationExceptionEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_consultation_exceptions' })
  id: string;

  @Column({ name: 'investigator_id', type: 'uuid' })
  investigatorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'investigator_id', foreignKeyConstraintName: 'fk_consultation_exceptions_investigator' })
  investigator?: Relation<UserEntity>;

  /** "YYYY-MM-DD" in the investigator's time zone. */
  @Column({ name: 'day', type: 'date' })
  day: string;

  @Column({ name: 'kind', type: 'varchar', length: 8 })
  kind: 'off' | 'extra';

  /** "HH:mm:ss", or null with end_time for a whole day off. */
  @Column({ name: 'start_time', type: 'time', nullable: true })
  startTime: string | null;

  @Column({ name: 'end_time', type: 'time', nullable: true })
  endTime: string | null;

  @Column({ name: 'note', type: 'varchar', length: 200, nullable: true })
  note: string | null;
}
