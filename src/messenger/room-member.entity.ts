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
import type { MemberRole } from './messenger.types.js';
import { RoomEntity } from './room.entity.js';

@Entity({ name: 'room_members' })
@Index('ix_room_members_user', ['userId'])
@Check('ck_room_members_role', `role IN ('owner','member')`)
export class RoomMemberEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid', primaryKeyConstraintName: 'pk_room_members' })
  roomId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_room_members' })
  userId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_members_room' })
  room?: Relation<RoomEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_room_members_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'role', type: 'varchar', length: 16, default: 'member' })
  role: MemberRole;

  /** Everything up to this sequence number has been read. */
  @Column({ name: 'last_read_seq', type: 'bigint', default: 0 })
  lastReadSeq: string;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;
}
