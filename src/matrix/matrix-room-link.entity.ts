import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { RoomEntity } from '../messenger/room.entity.js';

/**
 * An Ieum room bridged to one Matrix room, with where its outbound lane stands: every message up
 * to `sentSeq` has been carried (or deliberately left out), and while the homeserver does not
 * answer the lane is parked until `parkedUntil`.
 */
@Entity({ name: 'matrix_room_links' })
@Index('uq_matrix_room_links_matrix_room', ['matrixRoomId'], { unique: true })
export class MatrixRoomLinkEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid', primaryKeyConstraintName: 'pk_matrix_room_links' })
  roomId: string;

  @OneToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_matrix_room_links_room' })
  room?: Relation<RoomEntity>;

  @Column({ name: 'matrix_room_id', type: 'varchar', length: 255 })
  matrixRoomId: string;

  /** The alias it was linked by, for people to read; the link itself is by room id. */
  @Column({ name: 'matrix_alias', type: 'varchar', length: 255, nullable: true })
  matrixAlias: string | null;

  @Column({ name: 'linked_by', type: 'uuid', nullable: true })
  linkedBy: string | null;

  @Column({ name: 'sent_seq', type: 'bigint', default: 0 })
  sentSeq: string;

  @Column({ name: 'parked_until', type: 'timestamptz', nullable: true })
  parkedUntil: Date | null;

  /** Failed attempts in a row; the wait doubles with each. */
  @Column({ name: 'failures', type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'last_sent_at', type: 'timestamptz', nullable: true })
  lastSentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
