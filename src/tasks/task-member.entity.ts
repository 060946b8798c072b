import { Check, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { TaskEntity } from './task.entity.js';
import type { TaskMemberRole } from './tasks.types.js';

/** An assignee (may change the task) or a watcher (is told of changes). */
@Entity({ name: 'task_members' })
@Index('ix_task_members_user', ['userId'])
@Check('ck_task_members_role', `role IN ('assignee','watcher')`)
export class TaskMemberEntity {
  @PrimaryColumn('uuid', { name: 'task_id', primaryKeyConstraintName: 'pk_task_members' })
  taskId: string;

  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'pk_task_members' })
  userId: string;

  @PrimaryColumn('varchar', { name: 'role', length: 16, primaryKeyConstraintName: 'pk_task_members' })
  role: TaskMemberRole;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_members_task' })
  task?: Relation<TaskEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_task_members_user' })
  user?: Relation<UserEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
