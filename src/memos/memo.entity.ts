import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';

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
