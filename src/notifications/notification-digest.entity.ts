import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';

/** How far each person's e-mail digests have reached, so nothing is mailed twice. */
@Entity({ name: 'notification_digests' })
export class NotificationDigestEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_notification_digests' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_digests_user' })
  user?: Relation<UserEntity>;

  /** Messages created up to this instant are covered by a digest already sent. */
  @Column({ name: 'through_at', type: 'timestamptz' })
  throughAt: Date;

  @Column({ name: 'last_sent_at', type: 'timestamptz' })
  lastSentAt: Date;
}
