import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';

export type WallKind = 'government' | 'agency' | 'topic';

/** A wall (담벼락): the government-wide one, one per agency, and topic walls (of one agency or of all). */
@Entity({ name: 'walls' })
@Index('uq_walls_government', ['kind'], { unique: true, where: `kind = 'government'` })
@Index('uq_walls_agency', ['agencyId'], { unique: true, where: `kind = 'agency'` })
@Check('ck_walls_kind', `kind IN ('government','agency','topic')`)
@Check('ck_walls_agency', `(kind = 'government') = (agency_id IS NULL) OR kind = 'topic'`)
export class WallEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_walls' })
  id: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: WallKind;

  /** The agency whose staff alone read and post (agency walls, and topic walls of one agency). */
  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne(() => AgencyEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_walls_agency' })
  agency?: Relation<AgencyEntity> | null;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'allow_anonymous', type: 'boolean', default: false })
  allowAnonymous: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_walls_creator' })
  creator?: Relation<UserEntity> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A post. Its author is kept for moderation even when it is shown anonymously; the API never shows it then. */
@Entity({ name: 'wall_posts' })
@Unique('uq_wall_posts_client_key', ['authorId', 'clientKey'])
@Index('ix_wall_posts_newest', ['wallId', 'createdAt', 'id'])
@Index('ix_wall_posts_popular', ['wallId', 'score', 'id'])
export class WallPostEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_wall_posts' })
  id: string;

  @Column({ name: 'wall_id', type: 'uuid' })
  wallId: string;

  @ManyToOne(() => WallEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wall_id', foreignKeyConstraintName: 'fk_wall_posts_wall' })
  wall?: Relation<WallEntity>;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_wall_posts_author' })
  author?: Relation<UserEntity>;

  @Column({ name: 'anonymous', type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ name: 'body', type: 'text' })
  body: string;

  @Column({ name: 'client_key', type: 'varchar', length: 64, nullable: true })
  clientKey: string | null;

  @Column({ name: 'like_count', type: 'integer', default: 0 })
  likeCount: number;

  @Column({ name: 'comment_count', type: 'integer', default: 0 })
  commentCount: number;

  @Column({ name: 'report_count', type: 'integer', default: 0 })
  reportCount: number;

  /** Popularity: likes count twice, comments once; the popular order sorts by it. */
  @Column({ name: 'score', type: 'integer', default: 0 })
  score: number;

  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;

  @Column({ name: 'hidden_by', type: 'uuid', nullable: true })
  hiddenBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'hidden_by', foreignKeyConstraintName: 'fk_wall_posts_hidden_by' })
  hider?: Relation<UserEntity> | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'wall_comments' })
@Index('ix_wall_comments_post', ['postId', 'createdAt'])
export class WallCommentEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_wall_comments' })
  id: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne(() => WallPostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_wall_comments_post' })
  post?: Relation<WallPostEntity>;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_wall_comments_author' })
  author?: Relation<UserEntity>;

  @Column({ name: 'anonymous', type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ name: 'body', type: 'text' })
  body: string;

  @Column({ name: 'report_count', type: 'integer', default: 0 })
  reportCount: number;

  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;

  @Column({ name: 'hidden_by', type: 'uuid', nullable: true })
  hiddenBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'hidden_by', foreignKeyConstraintName: 'fk_wall_comments_hidden_by' })
  hider?: Relation<UserEntity> | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'wall_likes' })
export class WallLikeEntity {
  @PrimaryColumn('uuid', { name: 'post_id', primaryKeyConstraintName: 'pk_wall_likes' })
  postId: string;

  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'pk_wall_likes' })
  userId: string;

  @ManyToOne(() => WallPostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_wall_likes_post' })
  post?: Relation<WallPostEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_wall_likes_user' })
  user?: Relation<UserEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'wall_reports' })
export class WallReportEntity {
  @PrimaryColumn('uuid', { name: 'post_id', primaryKeyConstraintName: 'pk_wall_reports' })
  postId: string;

  @PrimaryColumn('uuid', { name: 'reporter_id', primaryKeyConstraintName: 'pk_wall_reports' })
  reporterId: string;

  @ManyToOne(() => WallPostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_wall_reports_post' })
  post?: Relation<WallPostEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'fk_wall_reports_reporter' })
  reporter?: Relation<UserEntity>;

  @Column({ name: 'reason', type: 'varchar', length: 500 })
  reason: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'wall_comment_reports' })
export class WallCommentReportEntity {
  @PrimaryColumn('uuid', { name: 'comment_id', primaryKeyConstraintName: 'pk_wall_comment_reports' })
  commentId: string;

  @PrimaryColumn('uuid', { name: 'reporter_id', primaryKeyConstraintName: 'pk_wall_comment_reports' })
  reporterId: string;

  @ManyToOne(() => WallCommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'comment_id', foreignKeyConstraintName: 'fk_wall_comment_reports_comment' })
  comment?: Relation<WallCommentEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'fk_wall_comment_reports_reporter' })
  reporter?: Relation<UserEntity>;

  @Column({ name: 'reason', type: 'varchar', length: 500 })
  reason: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
