import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { TaskEntity } from './task.entity.js';
import type { TaskEventKind, TaskStatus } from './tasks.types.js';

/** The task's history: every change and comment, in order. */
@Entity({ name: 'task_events' })
@Index('ix_task_events_task', ['taskId', 'createdAt'])
@Check('ck_task_events_kind', `kind IN ('created','status','assigned','unassigned','edited','comment','checklist')`)
export class TaskEventEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_task_events' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_events_task' })
  task?: Relation<TaskEntity>;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_task_events_actor' })
  actor?: Relation<UserEntity> | null;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: TaskEventKind;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: TaskStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16, nullable: true })
  toStatus: TaskStatus | null;

  @Column({ name: 'body', type: 'text', nullable: true })
  body: string | null;

  /** Whom the change concerns (people assigned or unassigned). */
  @Column({ name: 'user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  userIds: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
