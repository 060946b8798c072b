import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { WallCommentEntity } from './wall-comment.entity.js';

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
