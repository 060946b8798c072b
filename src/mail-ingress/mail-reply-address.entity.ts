import { CreateDateColumn, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { MessageEntity } from '../messenger/message.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

/**
 * `reply-<token>@MAIL_DOMAIN`: the address a notification mail gives for one thread, made for the
 * person it was mailed to. Mail to it is posted as a reply in that thread.
 */
@Entity({ name: 'mail_reply_addresses' })
@Unique('uq_mail_reply_addresses_user_root', ['userId', 'rootMessageId'])
export class MailReplyAddressEntity {
  @PrimaryColumn('varchar', { name: 'token', length: 32, primaryKeyConstraintName: 'pk_mail_reply_addresses' })
  token: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_mail_reply_addresses_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_mail_reply_addresses_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'root_message_id', type: 'uuid' })
  rootMessageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'root_message_id', foreignKeyConstraintName: 'fk_mail_reply_addresses_root' })
  rootMessage?: Relation<MessageEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
