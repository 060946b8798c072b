import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddMailboxesAndReplyAddresses1795604400000 implements MigrationInterface {
  name = 'AddMailboxesAndReplyAddresses1795604400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mailbox_watermarks (
        mailbox varchar(500) NOT NULL,
        uid_validity bigint NOT NULL,
        last_uid bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mailbox_watermarks PRIMARY KEY (mailbox)
      )`);
    await db.query(`
      CREATE TABLE mail_reply_addresses (
        token varchar(32) NOT NULL,
        user_id uuid NOT NULL,
        room_id uuid NOT NULL,
        root_message_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mail_reply_addresses PRIMARY KEY (token),
        CONSTRAINT uq_mail_reply_addresses_user_root UNIQUE (user_id, root_message_id),
        CONSTRAINT fk_mail_reply_addresses_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_mail_reply_addresses_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_mail_reply_addresses_root FOREIGN KEY (root_message_id) REFERENCES messages (id) ON DELETE CASCADE
      )`);
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN reply_to varchar(320)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_mails DROP COLUMN reply_to`);
    await db.query(`DROP TABLE mail_reply_addresses`);
    await db.query(`DROP TABLE mailbox_watermarks`);
  }
}
