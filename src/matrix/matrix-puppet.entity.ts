import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { RoomEntity } from '../messenger/room.entity.js';

/** An Ieum person's puppet on Matrix: registered once, its display name set as of `displayName`. */
@Entity({ name: 'matrix_puppets' })
@Index('uq_matrix_puppets_matrix_user', ['matrixUserId'], { unique: true })
export class MatrixPuppetEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_matrix_puppets' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_matrix_puppets_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'matrix_user_id', type: 'varchar', length: 255 })
  matrixUserId: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

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

/** A Matrix person's display name, as their membership events last gave it. */
@Entity({ name: 'matrix_remote_users' })
export class MatrixRemoteUserEntity {
  @PrimaryColumn({ name: 'matrix_user_id', type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_matrix_remote_users' })
  matrixUserId: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
