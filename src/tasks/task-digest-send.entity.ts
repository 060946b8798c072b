import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';

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
