import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A Matrix person's display name, as their membership events last gave it. */
@Entity({ name: 'matrix_remote_users' })
export class MatrixRemoteUserEntity {
  @PrimaryColumn({
    name: 'matrix_user_id',
    type: 'varchar',
    length: 255,
    primaryKeyConstraintName: 'pk_matrix_remote_users',
  })
  matrixUserId: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
