import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { MessageEntity } from './message.entity.js';

/** One row per user a message mentions, after @agency and @room are expanded to people. */
@Entity({ name: 'message_mentions' })
@Index('ix_message_mentions_user', ['userId'])
export class MessageMentionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid', primaryKeyConstraintName: 'pk_message_mentions' })
  messageId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_message_mentions' })
  userId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_mentions_message' })
  message?: Relation<MessageEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_message_mentions_user' })
  user?: Relation<UserEntity>;
}
