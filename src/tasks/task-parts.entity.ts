import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { TaskEntity } from './task.entity.js';
import type { TaskEventKind, TaskMemberRole, TaskStatus } from './tasks.types.js';

/** An agency taking part in a task: its members may read it. */
@Entity({ name: 'task_agencies' })
@Index('ix_task_agencies_agency', ['agencyId'])
export class TaskAgencyEntity {
  @PrimaryColumn('uuid', { name: 'task_id', primaryKeyConstraintName: 'pk_task_agencies' })
  taskId: string;

  @PrimaryColumn('uuid', { name: 'agency_id', primaryKeyConstraintName: 'pk_task_agencies' })
  agencyId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_agencies_task' })
  task?: Relation<TaskEntity>;

  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_task_agencies_agency' })
  agency?: Relation<AgencyEntity>;
}

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

@Entity({ name: 'task_checklist_items' })
@Index('ix_task_checklist_items_task', ['taskId', 'position'])
export class TaskChecklistItemEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_task_checklist_items' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_checklist_items_task' })
  task?: Relation<TaskEntity>;

  @Column({ name: 'position', type: 'integer' })
  position: number;

  @Column({ name: 'text', type: 'varchar', length: 500 })
  text: string;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ name: 'done_by', type: 'uuid', nullable: true })
  doneBy: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'done_by', foreignKeyConstraintName: 'fk_task_checklist_items_done_by' })
  doneByUser?: Relation<UserEntity> | null;
}

/** A due reminder sent: one per task, offset and due date, so a moved due date is reminded again. */
@Entity({ name: 'task_reminder_sends' })
export class TaskReminderSendEntity {
  @PrimaryColumn('uuid', { name: 'task_id', primaryKeyConstraintName: 'pk_task_reminder_sends' })
  taskId: string;

  @PrimaryColumn('integer', { name: 'offset_minutes', primaryKeyConstraintName: 'pk_task_reminder_sends' })
  offsetMinutes: number;

  @PrimaryColumn('timestamptz', { name: 'due_at', primaryKeyConstraintName: 'pk_task_reminder_sends' })
  dueAt: Date;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_reminder_sends_task' })
  task?: Relation<TaskEntity>;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;
}

/** The morning overdue digest sent to a person on a local day. */
@Entity({ name: 'task_digest_sends' })
export class TaskDigestSendEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'pk_task_digest_sends' })
  userId: string;

  @PrimaryColumn('date', { name: 'local_date', primaryKeyConstraintName: 'pk_task_digest_sends' })
  localDate: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_task_digest_sends_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;
}
