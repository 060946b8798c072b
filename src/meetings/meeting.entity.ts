import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';
import type { MeetingKind, MeetingStatus } from './meetings.types.js';

/**
 * A video meeting held on the video provider. `sequence` is the iCalendar SEQUENCE of its
 * invitations, raised on every change that attendees must hear about.
 */
@Entity({ name: 'meetings' })
@Index('uq_meetings_video_room', ['videoRoom'], { unique: true })
@Index('uq_meetings_source_key', ['sourceKey'], { unique: true, where: 'source_key IS NOT NULL' })
@Index('ix_meetings_upcoming', ['startsAt'], { where: `status IN ('scheduled','started')` })
@Index('ix_meetings_agency_start', ['agencyId', 'startsAt'])
@Index('ix_meetings_start', ['startsAt'])
@Check('ck_meetings_kind', `kind IN ('meeting','advisory_committee','consultation')`)
@Check('ck_meetings_status', `status IN ('scheduled','started','ended','cancelled')`)
@Check('ck_meetings_duration', `duration_minutes BETWEEN 1 AND 1440`)
export class MeetingEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_meetings' })
  id: string;

  @Column({ name: 'title', type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind: MeetingKind;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'scheduled' })
  status: MeetingStatus;

  @Column({ name: 'host_id', type: 'uuid', nullable: true })
  hostId: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'fk_meetings_host' })
  host?: Relation<UserEntity> | null;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_meetings_agency' })
  agency?: Relation<AgencyEntity>;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes: number;

  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  /** An RRULE value (without the `RRULE:` prefix) read in `time_zone`, from `starts_at`. */
  @Column({ name: 'recurrence', type: 'varchar', length: 500, nullable: true })
  recurrence: string | null;

  /** Occurrences of a recurring meeting that do not take place. */
  @Column({ name: 'exdates', type: 'timestamptz', array: true, default: () => `'{}'` })
  exdates: Date[];

  @Column({ name: 'lobby', type: 'boolean', default: false })
  lobby: boolean;

  @Column({ name: 'agenda', type: 'text', nullable: true })
  agenda: string | null;

  /** The provider's room name: random, carrying no personal names. */
  @Column({ name: 'video_room', type: 'varchar', length: 80 })
  videoRoom: string;

  @Column({ name: 'room_id', type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => RoomEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_meetings_room' })
  room?: Relation<RoomEntity> | null;

  /** Minutes before each occurrence when participants are reminded. */
  @Column({ name: 'reminder_minutes', type: 'integer', array: true, default: () => `'{1440,10}'` })
  reminderMinutes: number[];

  @Column({ name: 'sequence', type: 'integer', default: 0 })
  sequence: number;

  /** What asked for it (a command message, a client's key): asking again finds this meeting. */
  @Column({ name: 'source_key', type: 'varchar', length: 80, nullable: true })
  sourceKey: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** People who joined, counted when the meeting ends (or given by an imported record). */
  @Column({ name: 'attended_count', type: 'integer', nullable: true })
  attendedCount: number | null;

  /** Minutes the meeting ran, from start to end. */
  @Column({ name: 'attended_minutes', type: 'integer', nullable: true })
  attendedMinutes: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
