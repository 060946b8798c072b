import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

export type ReminderStatus = 'active' | 'done' | 'cancelled';

/**
 * A one-off or recurring reminder. PostgreSQL is its truth: the delayed job that fires it is
 * rebuilt from next_at whenever Redis has lost it.
 */
@Entity({ name: 'reminders' })
@Index('ix_reminders_due', ['nextAt'], { where: `status = 'active'` })
@Index('ix_reminders_creator', ['creatorId', 'status'])
@Check('ck_reminders_status', `status IN ('active','done','cancelled')`)
@Check('ck_reminders_target', `(target_user_id IS NULL) <> (target_room_id IS NULL)`)
export class ReminderEntity {
  /** Derived from the command message that asked for it, so a retried command creates it once. */
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_reminders' })
  id: string;

  @Column({ name: 'creator_id', type: 'uuid' })
  creatorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'creator_id', foreignKeyConstraintName: 'fk_reminders_creator' })
  creator?: Relation<UserEntity>;

  @Column({ name: 'target_user_id', type: 'uuid', nullable: true })
  targetUserId: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_user_id', foreignKeyConstraintName: 'fk_reminders_target_user' })
  targetUser?: Relation<UserEntity> | null;

  @Column({ name: 'target_room_id', type: 'uuid', nullable: true })
  targetRoomId: string | null;

  @ManyToOne(() => RoomEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_room_id', foreignKeyConstraintName: 'fk_reminders_target_room' })
  targetRoom?: Relation<RoomEntity> | null;

  @Column({ name: 'text', type: 'varchar', length: 2000 })
  text: string;

  @Column({ name: 'next_at', type: 'timestamptz', nullable: true })
  nextAt: Date | null;

  /** RFC 5545 recurrence (DTSTART with TZID and an RRULE), or null for a one-off. */
  @Column({ name: 'recurrence', type: 'text', nullable: true })
  recurrence: string | null;

  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'active' })
  status: ReminderStatus;

  @Column({ name: 'fired_count', type: 'integer', default: 0 })
  firedCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
