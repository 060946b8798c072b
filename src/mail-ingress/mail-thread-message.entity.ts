import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { MailThreadEntity } from './mail-thread.entity.js';

/** Every Message-ID seen in a thread, received or sent: what incoming In-Reply-To and References are matched against. */
@Entity({ name: 'mail_thread_messages' })
@Index('ix_mail_thread_messages_rfc', ['rfcMessageId'])
@Check('ck_mail_thread_messages_direction', `direction IN ('in','out')`)
export class MailThreadMessageEntity {
  @PrimaryColumn('uuid', { name: 'thread_id', primaryKeyConstraintName: 'pk_mail_thread_messages' })
  threadId: string;

  @ManyToOne(() => MailThreadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'fk_mail_thread_messages_thread' })
  thread?: Relation<MailThreadEntity>;

  @PrimaryColumn('varchar', {
    name: 'rfc_message_id',
    length: 998,
    primaryKeyConstraintName: 'pk_mail_thread_messages',
  })
  rfcMessageId: string;

  @Column({ name: 'direction', type: 'varchar', length: 8 })
  direction: 'in' | 'out';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
