import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { MeetingEntity } from '../meetings/meeting.entity.js';
import { ConsultationTopicEntity } from './consultation-topic.entity.js';
import type { BookedVia, ConsultationStatus } from './consultations.types.js';

/**
 * A 1:1 video consultation between a citizen and an investigator. The investigator's time from
 * `blocked_from` to `blocked_until` (the slot with its buffers) is taken while the booking is
 * pending or confirmed; PostgreSQL's exclusion constraint refuses a second booking over it.
 *
 * The citizen's details are personal data: only the assigned investigator and their agency's
 * complaint staff read them, every read is audited, and retention clears them.
 */
@Entity({ name: 'consultations' })
@Index('ix_consultations_agency_start', ['agencyId', 'startsAt'])
@Index('ix_consultations_investigator_start', ['investigatorId', 'startsAt'])
@Index('uq_consultations_confirm_token', ['confirmTokenHash'], {
  unique: true,
  where: 'confirm_token_hash IS NOT NULL',
})
@Index('uq_consultations_manage_token', ['manageTokenHash'], { unique: true, where: 'manage_token_hash IS NOT NULL' })
@Index('uq_consultations_source_key', ['sourceKey'], { unique: true, where: 'source_key IS NOT NULL' })
@Index('ix_consultations_retention', ['endsAt'], { where: 'anonymised_at IS NULL' })
@Check('ck_consultations_status', `status IN ('pending','confirmed','cancelled','completed','no_show','expired')`)
@Check('ck_consultations_booked_via', `booked_via IN ('citizen','staff')`)
@Check('ck_consultations_locale', `locale IN ('ko','en')`)
@Check('ck_consultations_times', `starts_at < ends_at AND blocked_from <= starts_at AND ends_at <= blocked_until`)
@Exclusion(
  'xk_consultations_no_overlap',
  `USING gist (investigator_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&) WHERE (status IN ('pending','confirmed'))`,
)
export class ConsultationEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_consultations' })
  id: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_consultations_agency' })
  agency?: Relation<AgencyEntity>;

  @Column({ name: 'topic_id', type: 'uuid', nullable: true })
  topicId: string | null;

  @ManyToOne(() => ConsultationTopicEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'topic_id', foreignKeyConstraintName: 'fk_consultations_topic' })
  topic?: Relation<ConsultationTopicEntity> | null;

  @Column({ name: 'investigator_id', type: 'uuid' })
  investigatorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'investigator_id', foreignKeyConstraintName: 'fk_consultations_investigator' })
  investigator?: Relation<UserEntity>;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => MeetingEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_consultations_meeting' })
  meeting?: Relation<MeetingEntity> | null;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: ConsultationStatus;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'blocked_from', type: 'timestamptz' })
  blockedFrom: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz' })
  blockedUntil: Date;

  /** Until when a pending booking holds the slot without the citizen's confirmation. */
  @Column({ name: 'hold_expires_at', type: 'timestamptz', nullable: true })
  holdExpiresAt: Date | null;

  @Column({ name: 'citizen_name', type: 'varchar', length: 100, nullable: true })
  citizenName: string | null;

  @Column({ name: 'citizen_email', type: 'varchar', length: 254, nullable: true })
  citizenEmail: string | null;

  @Column({ name: 'citizen_phone', type: 'varchar', length: 32, nullable: true })
  citizenPhone: string | null;

  /** The complaint in the citizen's words (요지). */
  @Column({ name: 'summary', type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'case_number', type: 'varchar', length: 64, nullable: true })
  caseNumber: string | null;

  @Column({ name: 'locale', type: 'varchar', length: 2, default: 'ko' })
  locale: 'ko' | 'en';

  /** The citizen's time zone, for the times in their mails. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Asia/Seoul' })
  timeZone: string;

  @Column({ name: 'privacy_accepted_at', type: 'timestamptz', nullable: true })
  privacyAcceptedAt: Date | null;

  @Column({ name: 'booked_via', type: 'varchar', length: 8 })
  bookedVia: BookedVia;

  @Column({ name: 'booked_by', type: 'uuid', nullable: true })
  bookedBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'booked_by', foreignKeyConstraintName: 'fk_consultations_booked_by' })
  booker?: Relation<UserEntity> | null;

  @Column({ name: 'confirm_token_hash', type: 'char', length: 64, nullable: true, select: false })
  confirmTokenHash: string | null;

  @Column({ name: 'manage_token_hash', type: 'char', length: 64, nullable: true, select: false })
  manageTokenHash: string | null;

  /** Part of what the manage token is derived from; raising it retires every link mailed so far. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** Reminder offsets (minutes) already sent for the current `starts_at`. */
  @Column({ name: 'reminded_offsets', type: 'integer', array: true, default: () => `'{}'` })
  remindedOffsets: number[];

  @Column({ name: 'source_key', type: 'varchar', length: 80, nullable: true })
  sourceKey: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'no_show_at', type: 'timestamptz', nullable: true })
  noShowAt: Date | null;

  /** What came of it; staff only, never shown to the citizen. */
  @Column({ name: 'outcome_notes', type: 'text', nullable: true })
  outcomeNotes: string | null;

  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
