import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Which PostgreSQL large object holds a stored file's bytes (the postgres storage driver). */
@Entity({ name: 'file_large_objects' })
@Unique('uq_file_large_objects_object', ['objectId'])
export class FileLargeObjectEntity {
  @PrimaryColumn('uuid', { name: 'storage_key', primaryKeyConstraintName: 'pk_file_large_objects' })
  storageKey: string;

  /** The large object's oid. */
  @Column({ name: 'object_id', type: 'bigint' })
  objectId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
