import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The demo mailbox: rendered mails the mailbox driver keeps instead of (or besides) sending them. */
export class CreateMailbox1796400000000 implements MigrationInterface {
  name = 'CreateMailbox1796400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mailbox_mails (
        id uuid NOT NULL,
        kind varchar(32) NOT NULL,
        from_address varchar(320) NOT NULL,
        to_address varchar(254) NOT NULL,
        reply_to varchar(320),
        subject varchar(500) NOT NULL,
        text_body text NOT NULL,
        html_body text,
        message_id varchar(255) NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mailbox_mails PRIMARY KEY (id),
        CONSTRAINT fk_mailbox_mails_mail FOREIGN KEY (id) REFERENCES outbound_mails (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_mailbox_mails_created ON mailbox_mails (created_at, id)`);
    await db.query(`
      CREATE TABLE mailbox_attachments (
        mail_id uuid NOT NULL,
        ordinal smallint NOT NULL,
        filename varchar(255) NOT NULL,
        content_type varchar(255) NOT NULL,
        size integer NOT NULL,
        content bytea NOT NULL,
        CONSTRAINT pk_mailbox_attachments PRIMARY KEY (mail_id, ordinal),
        CONSTRAINT fk_mailbox_attachments_mail FOREIGN KEY (mail_id) REFERENCES mailbox_mails (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mailbox_attachments`);
    await db.query(`DROP TABLE mailbox_mails`);
  }
}
