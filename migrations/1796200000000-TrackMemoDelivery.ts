import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A recipient's delivered_at is set when the memo bot's DM to them is posted, not when the memo is stored. */
export class TrackMemoDelivery1796200000000 implements MigrationInterface {
  name = 'TrackMemoDelivery1796200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE memo_recipients ALTER COLUMN delivered_at DROP DEFAULT, ALTER COLUMN delivered_at DROP NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    // Not yet delivered becomes "delivered when sent", as the column meant before.
    await db.query(
      `UPDATE memo_recipients r SET delivered_at = m.created_at FROM memos m WHERE m.id = r.memo_id AND r.delivered_at IS NULL`,
    );
    await db.query(
      `ALTER TABLE memo_recipients ALTER COLUMN delivered_at SET DEFAULT now(), ALTER COLUMN delivered_at SET NOT NULL`,
    );
  }
}
