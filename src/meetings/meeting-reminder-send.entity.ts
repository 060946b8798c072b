import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { MeetingEntity } from './meeting.entity.js';

/** The ledger that makes a meeting reminder go out once per occurrence and offset, whatever retries. */
@Entity({ name: 'meeting_reminder_sends' })
export class MeetingReminderSendEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid', primaryKeyConstraintName: 'pk_meeting_reminder_sends' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_meeting_reminder_sends_meeting' })
  meeting?: Relation<MeetingEntity>;

  @PrimaryColumn({ name: 'occurrence_at', type: 'timestamptz', primaryKeyConstraintName: 'pk_meeting_reminder_sends' })
  occurrenceAt: Date;

  @PrimaryColumn({ name: 'offset_minutes', type: 'integer', primaryKeyConstraintName: 'pk_meeting_reminder_sends' })
  offsetMinutes: number;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;
}
