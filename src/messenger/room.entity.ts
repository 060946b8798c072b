import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RoomInvitePolicy, RoomKind } from './messenger.types.js';

@Entity({ name: 'rooms' })
@Index('uq_rooms_direct_key', ['directKey'], { unique: true, where: 'direct_key IS NOT NULL' })
@Index('uq_rooms_agency', ['agencyId'], { unique: true, where: `kind = 'agency'` })
@Check('ck_rooms_kind', `kind IN ('direct','group','agency','collaboration')`)
@Check('ck_rooms_invite_policy', `invite_policy IN ('managers','members')`)
export class RoomEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_rooms' })
  id: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: RoomKind;

  @Column({ name: 'name', type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ name: 'topic', type: 'varchar', length: 1000, nullable: true })
  topic: string | null;

  /** The agency whose every member is in the room (kind agency). */
  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  /** The two user ids, sorted and joined: one direct room per pair. */
  @Column({ name: 'direct_key', type: 'varchar', length: 80, nullable: true })
  directKey: string | null;

  /** Who may invite: the owners (default) or any member. Direct and agency rooms take no invitations. */
  @Column({ name: 'invite_policy', type: 'varchar', length: 16, default: 'managers' })
  invitePolicy: RoomInvitePolicy;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** The last message sequence number handed out; messages are numbered per room. */
  @Column({ name: 'last_seq', type: 'bigint', default: 0 })
  lastSeq: string;

  /** The last change number handed out: every change to a message of the room takes the next one. */
  @Column({ name: 'last_change_seq', type: 'bigint', default: 0 })
  lastChangeSeq: string;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
