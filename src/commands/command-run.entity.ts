import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { MessageEntity } from '../messenger/message.entity.js';

export type CommandRunStatus = 'running' | 'done' | 'failed' | 'awaiting_confirmation';

/**
 * One row per slash-command message: the ledger that makes a retried job a no-op, and where the
 * sender finds the answer to a command whose ephemeral reply they were not online to see.
 */
@Entity({ name: 'command_runs' })
@Index('ix_command_runs_sender', ['senderId', 'createdAt'])
@Check('ck_command_runs_status', `status IN ('running','done','failed','awaiting_confirmation')`)
export class CommandRunEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid', primaryKeyConstraintName: 'pk_command_runs' })
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_command_runs_message' })
  message?: Relation<MessageEntity>;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ name: 'command', type: 'varchar', length: 64, nullable: true })
  command: string | null;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status: CommandRunStatus;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'reply', type: 'text', nullable: true })
  reply: string | null;

  @Column({ name: 'reply_ephemeral', type: 'boolean', default: true })
  replyEphemeral: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
