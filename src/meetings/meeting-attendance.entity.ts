import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { MeetingParticipantEntity } from './meeting-participant.entity.js';
import { MeetingEntity } from './meeting.entity.js';

/** One stay in a meeting: from a join to its leave (open while the person is still there). */
@Entity({ name: 'meeting_attendance' })
@Index('ix_meeting_attendance_meeting', ['meetingId', 'participantId'])
@Check('ck_meeting_attendance_source', `source IN ('client','jitsi')`)
export class MeetingAttendanceEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_meeting_attendance' })
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_meeting_attendance_meeting' })
  meeting?: Relation<MeetingEntity>;

  @Column({ name: 'participant_id', type: 'uuid' })
  participantId: string;

  @ManyToOne(() => MeetingParticipantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_meeting_attendance_participant' })
  participant?: Relation<MeetingParticipantEntity>;

  @Column({ name: 'source', type: 'varchar', length: 16 })
  source: 'client' | 'jitsi';

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt: Date;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt: Date | null;
}
