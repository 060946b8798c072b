import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFiles1795575600000 implements MigrationInterface {
  name = 'CreateFiles1795575600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE files (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL,
        uploader_id uuid NOT NULL,
        message_id uuid,
        name varchar(255) NOT NULL,
        content_type varchar(127) NOT NULL,
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_files PRIMARY KEY (id),
        CONSTRAINT fk_files_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_files_uploader FOREIGN KEY (uploader_id) REFERENCES users (id) ON DELETE RESTRICT,
        CONSTRAINT fk_files_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX ix_files_room ON files (room_id, created_at)`);
    await db.query(`CREATE INDEX ix_files_message ON files (message_id) WHERE message_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE files`);
  }
}
