import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an outbox event's job finished (done, or failed for good). An event relayed but never
 * finished is the one Redis may have lost with its data: it is relayed again when that happens.
 * Events relayed before this column existed count as finished.
 */
export class TrackOutboxCompletion1796500000000 implements MigrationInterface {
  name = 'TrackOutboxCompletion1796500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox_events ADD COLUMN finished_at timestamptz`);
    await db.query(`UPDATE outbox_events SET finished_at = relayed_at WHERE relayed_at IS NOT NULL`);
    await db.query(
      `CREATE INDEX ix_outbox_events_unfinished ON outbox_events (id) WHERE relayed_at IS NOT NULL AND finished_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_outbox_events_unfinished`);
    await db.query(`ALTER TABLE outbox_events DROP COLUMN finished_at`);
  }
}
