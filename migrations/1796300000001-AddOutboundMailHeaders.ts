import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Extra header fields an outbound mail carries (Auto-Submitted on automatic mail, RFC 3834 §5). */
export class AddOutboundMailHeaders1796300000001 implements MigrationInterface {
  name = 'AddOutboundMailHeaders1796300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN headers jsonb NOT NULL DEFAULT '{}'`);
    await db.query(
      `ALTER TABLE outbound_mails ADD CONSTRAINT ck_outbound_mails_headers CHECK (jsonb_typeof(headers) = 'object')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_mails DROP CONSTRAINT ck_outbound_mails_headers`);
    await db.query(`ALTER TABLE outbound_mails DROP COLUMN headers`);
  }
}
