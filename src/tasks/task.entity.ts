import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { AgencyEntity } from '../identity/agency.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { MessageEntity } from '../messenger/message.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';
import type { TaskPriority, TaskStatus } from './tasks.types.js';

/** A collaboration task (협업과제): owned by the creator's agency, discussed in its room. */
@Entity({ name: 'tasks' })
@Unique('uq_tasks_source_key', ['sourceKey'])
@Index('ix_tasks_room', ['roomId', 'createdAt'])
@Index('ix_tasks_due', ['dueAt'])
@Check('ck_tasks_status', `status IN ('open','in_progress','done','cancelled')`)
@Check('ck_tasks_priority', `priority IN ('low','normal','high','urgent')`)
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_tasks' })
  id: string;

  @Column({ name: 'title', type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'owner_agency_id', type: 'uuid' })
  ownerAgencyId: string;

  @ManyToOne(() => AgencyEntity)
  @JoinColumn({ name: 'owner_agency_id', foreignKeyConstraintName: 'fk_tasks_owner_agency' })
  ownerAgency?: Relation<AgencyEntity>;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_tasks_creator' })
  creator?: Relation<UserEntity>;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'open' })
  status: TaskStatus;

  @Column({ name: 'priority', type: 'varchar', length: 8, default: 'normal' })
  priority: TaskPriority;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity)
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_tasks_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'card_message_id', type: 'uuid', nullable: true })
  cardMessageId: string | null;

  @ManyToOne(() => MessageEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'card_message_id', foreignKeyConstraintName: 'fk_tasks_card' })
  cardMessage?: Relation<MessageEntity> | null;

  /** What asked for it (a command message): asking again returns the same task. */
  @Column({ name: 'source_key', type: 'varchar', length: 100, nullable: true })
  sourceKey: string | null;

  @Column({ name: 'version', type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
