import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One row per slash-command message: the ledger that makes a retried job a no-op. */
@Entity({ name: 'command_runs' })
@Check('ck_command_runs_status', `status IN ('running','done','failed','awaiting_confirmation')`)
export class CommandRunEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid', primaryKeyConstraintName: 'pk_command_runs' })
  messageId: string;

  @Column({ name: 'command', type: 'varchar', length: 64, nullable: true })
  command: string | null;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status: 'running' | 'done' | 'failed' | 'awaiting_confirmation';

  @Column({ name: 'outcome', type: 'varchar', length: 64, nullable: true })
  outcome: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
