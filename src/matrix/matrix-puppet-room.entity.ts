import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

/** A puppet joined to a linked room's Matrix room. */
@Entity({ name: 'matrix_puppet_rooms' })
export class MatrixPuppetRoomEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid', primaryKeyConstraintName: 'pk_matrix_puppet_rooms' })
  roomId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_matrix_puppet_rooms' })
  userId: string;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_matrix_puppet_rooms_room' })
  room?: Relation<RoomEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_matrix_puppet_rooms_user' })
  user?: Relation<UserEntity>;

  /** The Matrix room joined; a relink to another room joins again. */
  @Column({ name: 'matrix_room_id', type: 'varchar', length: 255 })
  matrixRoomId: string;
}
