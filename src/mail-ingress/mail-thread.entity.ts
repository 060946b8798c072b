import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { MessageEntity } from '../messenger/message.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

/**
 * A conversation with someone outside, by e-mail, shown in a room as a message thread: the first
 * mail posted is its root; replies in the thread go back to the correspondent, and mails that
 * answer any of its Message-IDs (or carry its subject token) join it.
 */
@Entity({ name: 'mail_threads' })
@Unique('uq_mail_threads_root', ['rootMessageId'])
@Unique('uq_mail_threads_token', ['token'])
export class MailThreadEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_mail_threads' })
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_mail_threads_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'root_message_id', type: 'uuid' })
  rootMessageId: string;

  @OneToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'root_message_id', foreignKeyConstraintName: 'fk_mail_threads_root' })
  rootMessage?: Relation<MessageEntity>;

  /** Put in outgoing subjects as `[ieum:<token>]`, for mail systems that drop In-Reply-To. */
  @Column({ name: 'token', type: 'varchar', length: 16 })
  token: string;

  @Column({ name: 'subject', type: 'varchar', length: 500 })
  subject: string;

  /** Where replies from the room go: the first mail's Reply-To, else its From. */
  @Column({ name: 'correspondent', type: 'varchar', length: 320 })
  correspondent: string;

  /** The Message-ID of the latest mail received in the thread: what the next reply answers. */
  @Column({ name: 'last_inbound_id', type: 'varchar', length: 998, nullable: true })
  lastInboundId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
