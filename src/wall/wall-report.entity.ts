import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { WallPostEntity } from './wall-post.entity.js';

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
