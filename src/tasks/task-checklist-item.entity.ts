import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { TaskEntity } from './task.entity.js';

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
