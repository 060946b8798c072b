import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMailThreads1795600800000 implements MigrationInterface {
  name = 'CreateMailThreads1795600800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_threads (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL,
        root_message_id uuid NOT NULL,
        token varchar(16) NOT NULL,
        subject varchar(500) NOT NULL,
        correspondent varchar(320) NOT NULL,
        last_inbound_id varchar(998),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mail_threads PRIMARY KEY (id),
        CONSTRAINT uq_mail_threads_root UNIQUE (root_message_id),
        CONSTRAINT uq_mail_threads_token UNIQUE (token),
        CONSTRAINT fk_mail_threads_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_mail_threads_root FOREIGN KEY (root_message_id) REFERENCES messages (id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE mail_thread_messages (
        thread_id uuid NOT NULL,
        rfc_message_id varchar(998) NOT NULL,
        direction varchar(8) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mail_thread_messages PRIMARY KEY (thread_id, rfc_message_id),
        CONSTRAINT fk_mail_thread_messages_thread FOREIGN KEY (thread_id) REFERENCES mail_threads (id) ON DELETE CASCADE,
        CONSTRAINT ck_mail_thread_messages_direction CHECK (direction IN ('in','out'))
      )`);
    await db.query(`CREATE INDEX ix_mail_thread_messages_rfc ON mail_thread_messages (rfc_message_id)`);

    await db.query(`ALTER TABLE inbound_mails ADD COLUMN helo varchar(255), ADD COLUMN auth jsonb`);
    await db.query(`CREATE INDEX ix_inbound_mails_sender ON inbound_mails (envelope_from, received_at)`);
    await db.query(
      `ALTER TABLE room_mail_addresses ADD COLUMN auth_policy varchar(8) NOT NULL DEFAULT 'mark', ADD CONSTRAINT ck_room_mail_addresses_policy CHECK (auth_policy IN ('accept','mark','reject'))`,
    );

    await db.query(`
      ALTER TABLE outbound_mails
        ADD COLUMN from_address varchar(320),
        ADD COLUMN in_reply_to varchar(998),
        ADD COLUMN references_header text,
        ADD COLUMN file_ids uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE outbound_mails DROP COLUMN file_ids, DROP COLUMN references_header, DROP COLUMN in_reply_to, DROP COLUMN from_address`,
    );
    await db.query(
      `ALTER TABLE room_mail_addresses DROP CONSTRAINT ck_room_mail_addresses_policy, DROP COLUMN auth_policy`,
    );
    await db.query(`DROP INDEX ix_inbound_mails_sender`);
    await db.query(`ALTER TABLE inbound_mails DROP COLUMN auth, DROP COLUMN helo`);
    await db.query(`DROP TABLE mail_thread_messages`);
    await db.query(`DROP TABLE mail_threads`);
  }
}
