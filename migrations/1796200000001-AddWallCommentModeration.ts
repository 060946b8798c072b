import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Comments are reported (once per person) and hidden like posts, with who hid them. */
export class AddWallCommentModeration1796200000001 implements MigrationInterface {
  name = 'AddWallCommentModeration1796200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE wall_comments ADD COLUMN report_count integer NOT NULL DEFAULT 0, ADD COLUMN hidden_by uuid`,
    );
    await db.query(
      `ALTER TABLE wall_comments ADD CONSTRAINT fk_wall_comments_hidden_by FOREIGN KEY (hidden_by) REFERENCES users (id) ON DELETE SET NULL`,
    );
    await db.query(`
      CREATE TABLE wall_comment_reports (
        comment_id uuid NOT NULL,
        reporter_id uuid NOT NULL,
        reason varchar(500) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_wall_comment_reports PRIMARY KEY (comment_id, reporter_id),
        CONSTRAINT fk_wall_comment_reports_comment FOREIGN KEY (comment_id) REFERENCES wall_comments (id) ON DELETE CASCADE,
        CONSTRAINT fk_wall_comment_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE wall_comment_reports`);
    await db.query(`ALTER TABLE wall_comments DROP CONSTRAINT fk_wall_comments_hidden_by`);
    await db.query(`ALTER TABLE wall_comments DROP COLUMN hidden_by, DROP COLUMN report_count`);
  }
}
