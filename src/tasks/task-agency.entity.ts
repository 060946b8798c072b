import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { TaskEntity } from './task.entity.js';

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
