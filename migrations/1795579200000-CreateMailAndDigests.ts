import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMailAndDigests1795579200000 implements MigrationInterface {
  name = 'CreateMailAndDigests1795579200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbound_mails (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL,
        to_address varchar(254) NOT NULL,
        subject varchar(500) NOT NULL,
        text_body text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        provider_message_id varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT pk_outbound_mails PRIMARY KEY (id),
        CONSTRAINT ck_outbound_mails_status CHECK (status IN ('pending','sent','failed'))
      )`);
    await db.query(`CREATE INDEX ix_outbound_mails_pending ON outbound_mails (created_at) WHERE status = 'pending'`);
    await db.query(`
      CREATE TABLE notification_digests (
        user_id uuid NOT NULL,
        through_at timestamptz NOT NULL,
        last_sent_at timestamptz NOT NULL,
        CONSTRAINT pk_notification_digests PRIMARY KEY (user_id),
        CONSTRAINT fk_notification_digests_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_digests`);
    await db.query(`DROP TABLE outbound_mails`);
  }
}
