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
import { MessageEntity } from '../messenger/message.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

export type MatrixDirection = 'in' | 'out';

/**
 * One message carried across, once: the Ieum message and the Matrix event it is on the other
 * side. `in` came from Matrix (posted by the bridge), `out` went there (sent by a puppet).
 */
@Entity({ name: 'matrix_event_links' })
@Index('uq_matrix_event_links_event', ['matrixEventId'], { unique: true })
@Index('ix_matrix_event_links_room', ['roomId'])
@Check('ck_matrix_event_links_direction', `direction IN ('in','out')`)
export class MatrixEventLinkEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid', primaryKeyConstraintName: 'pk_matrix_event_links' })
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_matrix_event_links_message' })
  message?: Relation<MessageEntity>;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_matrix_event_links_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'matrix_event_id', type: 'varchar', length: 255 })
  matrixEventId: string;

  @Column({ name: 'direction', type: 'varchar', length: 3 })
  direction: MatrixDirection;

  /** Who wrote it on Matrix: the person (in) or the puppet (out). Only they may edit it there. */
  @Column({ name: 'matrix_sender', type: 'varchar', length: 255 })
  matrixSender: string;

  /** Out: the Ieum edit last carried (the message's edited_at when it was sent). */
  @Column({ name: 'synced_edit_at', type: 'timestamptz', nullable: true })
  syncedEditAt: Date | null;

  /** When the event was redacted (by us, or seen redacted); nothing more is carried for it. */
  @Column({ name: 'redacted_at', type: 'timestamptz', nullable: true })
  redactedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
