import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddMailParts1795584600000 implements MigrationInterface {
  name = 'AddMailParts1795584600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN html_body text`);
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN calendar_method varchar(16)`);
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN calendar_ics text`);
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN message_id varchar(255)`);
    await db.query(`UPDATE outbound_mails SET message_id = '<' || id || '@ieum.localhost>'`);
    await db.query(`ALTER TABLE outbound_mails ALTER COLUMN message_id SET NOT NULL`);
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE outbound_mails ADD COLUMN last_error varchar(500)`);
    await db.query(
      `ALTER TABLE outbound_mails ADD CONSTRAINT ck_outbound_mails_calendar CHECK ((calendar_method IS NULL) = (calendar_ics IS NULL) AND (calendar_method IS NULL OR calendar_method IN ('REQUEST','CANCEL')))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_mails DROP CONSTRAINT ck_outbound_mails_calendar`);
    for (const column of ['last_error', 'attempts', 'message_id', 'calendar_ics', 'calendar_method', 'html_body']) {
      await db.query(`ALTER TABLE outbound_mails DROP COLUMN ${column}`);
    }
  }
}
