import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { MemoEntity } from './memo.entity.js';
import type { MemoTargetKind } from './memos.types.js';

/** One person the memo reached, and what they did with it. */
@Entity({ name: 'memo_recipients' })
@Index('ix_memo_recipients_user', ['userId', 'deliveredAt'])
@Check('ck_memo_recipients_via', `via IN ('user','department','agency')`)
export class MemoRecipientEntity {
  @PrimaryColumn('uuid', { name: 'memo_id', primaryKeyConstraintName: 'pk_memo_recipients' })
  memoId: string;

  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'pk_memo_recipients' })
  userId: string;

  @ManyToOne(() => MemoEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'memo_id', foreignKeyConstraintName: 'fk_memo_recipients_memo' })
  memo?: Relation<MemoEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_memo_recipients_user' })
  user?: Relation<UserEntity>;

  /** The person's agency when the memo was sent. */
  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne(() => AgencyEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_memo_recipients_agency' })
  agency?: Relation<AgencyEntity> | null;

  @Column({ name: 'via', type: 'varchar', length: 16 })
  via: MemoTargetKind;

  /** When the memo bot's DM telling them of the memo was posted; null until then. */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'opinion', type: 'text', nullable: true })
  opinion: string | null;

  @Column({ name: 'opinion_at', type: 'timestamptz', nullable: true })
  opinionAt: Date | null;

  @Column({ name: 'nudged_at', type: 'timestamptz', nullable: true })
  nudgedAt: Date | null;
}
