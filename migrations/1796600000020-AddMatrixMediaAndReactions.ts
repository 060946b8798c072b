import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Matrix bridge carries files (the media each file became on either side) and reactions (each as its own event). */
export class AddMatrixMediaAndReactions1796600000020 implements MigrationInterface {
  name = 'AddMatrixMediaAndReactions1796600000020';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE matrix_file_links (
        file_id uuid NOT NULL,
        message_id uuid NOT NULL,
        direction varchar(3) NOT NULL,
        mxc_uri varchar(255) NOT NULL,
        matrix_event_id varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matrix_file_links PRIMARY KEY (file_id),
        CONSTRAINT fk_matrix_file_links_file FOREIGN KEY (file_id) REFERENCES files (id) ON DELETE CASCADE,
        CONSTRAINT fk_matrix_file_links_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT ck_matrix_file_links_direction CHECK (direction IN ('in','out'))
      )`);
    await db.query(`CREATE INDEX ix_matrix_file_links_message ON matrix_file_links (message_id)`);
    await db.query(`
      CREATE TABLE matrix_reaction_links (
        matrix_event_id varchar(255) NOT NULL,
        message_id uuid NOT NULL,
        room_id uuid NOT NULL,
        user_id uuid NOT NULL,
        emoji varchar(32) NOT NULL,
        direction varchar(3) NOT NULL,
        matrix_sender varchar(255) NOT NULL,
        redacted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matrix_reaction_links PRIMARY KEY (matrix_event_id),
        CONSTRAINT fk_matrix_reaction_links_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT fk_matrix_reaction_links_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_matrix_reaction_links_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_matrix_reaction_links_direction CHECK (direction IN ('in','out'))
      )`);
    await db.query(
      `CREATE INDEX ix_matrix_reaction_links_reaction ON matrix_reaction_links (message_id, user_id, emoji)`,
    );
    await db.query(
      `CREATE INDEX ix_matrix_reaction_links_room ON matrix_reaction_links (room_id) WHERE redacted_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE matrix_reaction_links`);
    await db.query(`DROP TABLE matrix_file_links`);
  }
}
