import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMailIngress1795597200000 implements MigrationInterface {
  name = 'CreateMailIngress1795597200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE room_mail_addresses (
        room_id uuid NOT NULL,
        token varchar(32) NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_room_mail_addresses PRIMARY KEY (room_id),
        CONSTRAINT uq_room_mail_addresses_token UNIQUE (token),
        CONSTRAINT fk_room_mail_addresses_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_room_mail_addresses_creator FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
      )`);

    await db.query(`
      CREATE TABLE inbound_mails (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL,
        envelope_from varchar(320),
        envelope_to varchar(320) NOT NULL,
        remote_address varchar(64),
        raw bytea NOT NULL,
        size integer NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'received',
        reason varchar(64),
        message_id varchar(998),
        posted_message_id uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        CONSTRAINT pk_inbound_mails PRIMARY KEY (id),
        CONSTRAINT fk_inbound_mails_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_inbound_mails_message FOREIGN KEY (posted_message_id) REFERENCES messages (id) ON DELETE SET NULL,
        CONSTRAINT ck_inbound_mails_status CHECK (status IN ('received','posted','skipped','failed'))
      )`);
    // A Message-ID is posted into a room once, however often it arrives.
    await db.query(
      `CREATE UNIQUE INDEX uq_inbound_mails_posted ON inbound_mails (room_id, message_id) WHERE status = 'posted' AND message_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX ix_inbound_mails_status ON inbound_mails (status, received_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE inbound_mails`);
    await db.query(`DROP TABLE room_mail_addresses`);
  }
}
