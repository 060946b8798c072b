import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rooms linked to document folders (WebDAV), the watermark of each folder, and the changes announced. */
export class CreateDocumentLinks1796600000002 implements MigrationInterface {
  name = 'CreateDocumentLinks1796600000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE document_links (
        id uuid NOT NULL,
        room_id uuid NOT NULL,
        url varchar(2048) NOT NULL,
        root varchar(1024) NOT NULL,
        username varchar(256) NOT NULL,
        password_sealed bytea NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active',
        failures integer NOT NULL DEFAULT 0,
        last_error varchar(40),
        baseline_at timestamptz,
        synced_at timestamptz,
        parked_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_document_links PRIMARY KEY (id),
        CONSTRAINT fk_document_links_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_document_links_created_by FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT ck_document_links_status CHECK (status IN ('active','parked'))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_document_links_room ON document_links (room_id)`);
    await db.query(`
      CREATE TABLE document_entries (
        link_id uuid NOT NULL,
        path varchar(1024) NOT NULL,
        etag varchar(512),
        size bigint,
        modified_at timestamptz,
        CONSTRAINT pk_document_entries PRIMARY KEY (link_id, path),
        CONSTRAINT fk_document_entries_link FOREIGN KEY (link_id) REFERENCES document_links (id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE document_changes (
        id uuid NOT NULL,
        link_id uuid NOT NULL,
        batch_id uuid NOT NULL,
        path varchar(1024) NOT NULL,
        change varchar(8) NOT NULL,
        etag varchar(512),
        size bigint,
        modified_at timestamptz,
        changed_by varchar(256),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_document_changes PRIMARY KEY (id),
        CONSTRAINT fk_document_changes_link FOREIGN KEY (link_id) REFERENCES document_links (id) ON DELETE CASCADE,
        CONSTRAINT ck_document_changes_change CHECK (change IN ('added','changed','removed'))
      )`);
    await db.query(`CREATE INDEX ix_document_changes_batch ON document_changes (batch_id)`);
    await db.query(`CREATE INDEX ix_document_changes_link ON document_changes (link_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE document_changes`);
    await db.query(`DROP TABLE document_entries`);
    await db.query(`DROP TABLE document_links`);
  }
}
