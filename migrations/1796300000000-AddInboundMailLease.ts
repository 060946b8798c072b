import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One ingest job at a time per received mail: a job claims the row until claimed_until (claimed_by
 * is its job id, so BullMQ's retry of the same job takes it back), and claims counts the claims so
 * the sweep's job id is new each time a claim lapsed.
 */
export class AddInboundMailLease1796300000000 implements MigrationInterface {
  name = 'AddInboundMailLease1796300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE inbound_mails ADD COLUMN claimed_until timestamptz, ADD COLUMN claimed_by varchar(200), ADD COLUMN claims integer NOT NULL DEFAULT 0`,
    );
    await db.query(
      `ALTER TABLE inbound_mails ADD CONSTRAINT ck_inbound_mails_claim CHECK ((claimed_until IS NULL) = (claimed_by IS NULL))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE inbound_mails DROP CONSTRAINT ck_inbound_mails_claim`);
    await db.query(`ALTER TABLE inbound_mails DROP COLUMN claims, DROP COLUMN claimed_by, DROP COLUMN claimed_until`);
  }
}
