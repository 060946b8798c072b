import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import type { WeeklyRule } from './consultations.types.js';

/** When an investigator takes consultations: weekly windows and the rules slots are cut by. */
@Entity({ name: 'consultation_schedules' })
@Index('ix_consultation_schedules_agency', ['agencyId'])
@Check('ck_consultation_schedules_slot', `slot_minutes BETWEEN 5 AND 240`)
@Check(
  'ck_consultation_schedules_buffers',
  `buffer_before_minutes BETWEEN 0 AND 240 AND buffer_after_minutes BETWEEN 0 AND 240`,
)
@Check('ck_consultation_schedules_horizon', `horizon_days BETWEEN 1 AND 365`)
@Check('ck_consultation_schedules_notice', `min_notice_minutes BETWEEN 0 AND 43200`)
@Check('ck_consultation_schedules_cap', `daily_cap IS NULL OR daily_cap BETWEEN 1 AND 100`)
export class ConsultationScheduleEntity {
  @PrimaryColumn('uuid', { name: 'investigator_id', primaryKeyConstraintName: 'pk_consultation_schedules' })
  investigatorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'investigator_id', foreignKeyConstraintName: 'fk_consultation_schedules_investigator' })
  investigator?: Relation<UserEntity>;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_consultation_schedules_agency' })
  agency?: Relation<AgencyEntity>;

  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Asia/Seoul' })
  timeZone: string;

  @Column({ name: 'slot_minutes', type: 'integer', default: 30 })
  slotMinutes: number;

  @Column({ name: 'buffer_before_minutes', type: 'integer', default: 0 })
  bufferBeforeMinutes: number;

  @Column({ name: 'buffer_after_minutes', type: 'integer', default: 10 })
  bufferAfterMinutes: number;

  @Column({ name: 'horizon_days', type: 'integer', default: 30 })
  horizonDays: number;

  @Column({ name: 'min_notice_minutes', type: 'integer', default: 120 })
  minNoticeMinutes: number;

  @Column({ name: 'daily_cap', type: 'integer', nullable: true })
  dailyCap: number | null;

  @Column({ name: 'weekly_rules', type: 'jsonb', default: () => `'[]'` })
  weeklyRules: WeeklyRule[];

  /** The topics this investigator takes; empty for every topic of the agency. */
  @Column({ name: 'topic_ids', type: 'uuid', array: true, default: () => `'{}'` })
  topicIds: string[];

  @Column({ name: 'active', type: 'boolean', default: true })
  active: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
