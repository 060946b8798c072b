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
import { UserEntity } from '../identity/user.entity.js';
import { WallEntity } from './wall.entity.js';

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
