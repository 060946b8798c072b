import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFileLargeObjects1795593600000 implements MigrationInterface {
  name = 'CreateFileLargeObjects1795593600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE file_large_objects (
        storage_key uuid NOT NULL,
        object_id bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_file_large_objects PRIMARY KEY (storage_key),
        CONSTRAINT uq_file_large_objects_object UNIQUE (object_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The large objects themselves go with the rows that name them.
    await db.query(`SELECT lo_unlink(object_id::oid) FROM file_large_objects`);
    await db.query(`DROP TABLE file_large_objects`);
  }
}
