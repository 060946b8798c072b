import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { WallPostEntity } from './wall-post.entity.js';

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
