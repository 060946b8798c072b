import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { TaskEntity } from './task.entity.js';

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
