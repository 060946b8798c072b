import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { MeetingEntity } from './meeting.entity.js';
import type { InvitedVia, ParticipantRole } from './meetings.types.js';

/**
 * Who may join: directory users (named, or expanded from an agency or department when invited)
 * and outside guests by e-mail, who join by a personal link whose token is kept only as a hash.
 */
@Entity({ name: 'meeting_participants' })
@Index('uq_meeting_participants_user', ['meetingId', 'userId'], { unique: true, where: 'user_id IS NOT NULL' })
@Index('uq_meeting_participants_guest', ['meetingId', 'email'], { unique: true, where: 'user_id IS NULL' })
@Index('uq_meeting_participants_token', ['guestTokenHash'], { unique: true, where: 'guest_token_hash IS NOT NULL' })
@Index('ix_meeting_participants_user', ['userId'])
@Check('ck_meeting_participants_role', `role IN ('host','participant')`)
@Check('ck_meeting_participants_via', `invited_via IN ('user','agency','department','guest')`)
@Check(
  'ck_meeting_participants_who',
  `(user_id IS NULL) = (invited_via = 'guest') AND (user_id IS NOT NULL OR email IS NOT NULL)`,
)
export class MeetingParticipantEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_meeting_participants' })
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_meeting_participants_meeting' })
  meeting?: Relation<MeetingEntity>;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_meeting_participants_user' })
  user?: Relation<UserEntity> | null;

  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ name: 'role', type: 'varchar', length: 16 })
  role: ParticipantRole;

  @Column({ name: 'invited_via', type: 'varchar', length: 16 })
  invitedVia: InvitedVia;

  @Column({ name: 'guest_token_hash', type: 'varchar', length: 64, nullable: true, select: false })
  guestTokenHash?: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
