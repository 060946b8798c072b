import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';

export type MemoTargetKind = 'user' | 'department' | 'agency';

/** An inter-agency memo report (기관간 메모보고). Its recipients are frozen when it is sent. */
@Entity({ name: 'memos' })
@Unique('uq_memos_source_key', ['sourceKey'])
@Index('ix_memos_author', ['authorId', 'createdAt'])
export class MemoEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_memos' })
  id: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_memos_author' })
  author?: Relation<UserEntity>;

  @Column({ name: 'author_agency_id', type: 'uuid' })
  authorAgencyId: string;

  @ManyToOne(() => AgencyEntity)
  @JoinColumn({ name: 'author_agency_id', foreignKeyConstraintName: 'fk_memos_author_agency' })
  authorAgency?: Relation<AgencyEntity>;

  @Column({ name: 'title', type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'body', type: 'text' })
  body: string;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt: Date | null;

  @Column({ name: 'opinion_requested', type: 'boolean', default: false })
  opinionRequested: boolean;

  /** When the automatic nudge before the deadline was queued (once per memo). */
  @Column({ name: 'auto_nudged_at', type: 'timestamptz', nullable: true })
  autoNudgedAt: Date | null;

  @Column({ name: 'source_key', type: 'varchar', length: 100, nullable: true })
  sourceKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Whom the author addressed, as they named them (a person, a department, a whole agency). */
@Entity({ name: 'memo_targets' })
@Check('ck_memo_targets_kind', `kind IN ('user','department','agency')`)
export class MemoTargetEntity {
  @PrimaryColumn('uuid', { name: 'memo_id', primaryKeyConstraintName: 'pk_memo_targets' })
  memoId: string;

  @PrimaryColumn('varchar', { name: 'kind', length: 16, primaryKeyConstraintName: 'pk_memo_targets' })
  kind: MemoTargetKind;

  @PrimaryColumn('uuid', { name: 'target_id', primaryKeyConstraintName: 'pk_memo_targets' })
  targetId: string;

  @ManyToOne(() => MemoEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'memo_id', foreignKeyConstraintName: 'fk_memo_targets_memo' })
  memo?: Relation<MemoEntity>;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;
}

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
