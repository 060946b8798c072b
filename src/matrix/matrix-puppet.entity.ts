import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';

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
