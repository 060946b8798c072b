import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMemosAndWalls1795611600000 implements MigrationInterface {
  name = 'CreateMemosAndWalls1795611600000';

  async up(db: QueryRunner): Promise<void> {
    // Files outside rooms: attached to a memo, an opinion or a wall post, or still pending (uploader only).
    await db.query(
      `ALTER TABLE files ALTER COLUMN room_id DROP NOT NULL, ADD COLUMN owner_kind varchar(16), ADD COLUMN owner_id uuid`,
    );
    await db.query(
      `ALTER TABLE files ADD CONSTRAINT ck_files_owner CHECK ((room_id IS NOT NULL AND owner_kind IS NULL) OR (room_id IS NULL AND owner_kind IN ('pending','memo','opinion','wall_post')))`,
    );
    await db.query(`CREATE INDEX ix_files_owner ON files (owner_kind, owner_id)`);

    await db.query(`
      CREATE TABLE memos (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        author_id uuid NOT NULL,
        author_agency_id uuid NOT NULL,
        title varchar(300) NOT NULL,
        body text NOT NULL,
        deadline_at timestamptz,
        opinion_requested boolean NOT NULL DEFAULT false,
        auto_nudged_at timestamptz,
        source_key varchar(100),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_memos PRIMARY KEY (id),
        CONSTRAINT uq_memos_source_key UNIQUE (source_key),
        CONSTRAINT fk_memos_author FOREIGN KEY (author_id) REFERENCES users (id),
        CONSTRAINT fk_memos_author_agency FOREIGN KEY (author_agency_id) REFERENCES agencies (id)
      )`);
    await db.query(`CREATE INDEX ix_memos_author ON memos (author_id, created_at)`);
    await db.query(`
      CREATE TABLE memo_targets (
        memo_id uuid NOT NULL,
        kind varchar(16) NOT NULL,
        target_id uuid NOT NULL,
        name varchar(200) NOT NULL,
        CONSTRAINT pk_memo_targets PRIMARY KEY (memo_id, kind, target_id),
        CONSTRAINT ck_memo_targets_kind CHECK (kind IN ('user','department','agency')),
        CONSTRAINT fk_memo_targets_memo FOREIGN KEY (memo_id) REFERENCES memos (id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE memo_recipients (
        memo_id uuid NOT NULL,
        user_id uuid NOT NULL,
        agency_id uuid,
        via varchar(16) NOT NULL,
        delivered_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        acknowledged_at timestamptz,
        opinion text,
        opinion_at timestamptz,
        nudged_at timestamptz,
        CONSTRAINT pk_memo_recipients PRIMARY KEY (memo_id, user_id),
        CONSTRAINT ck_memo_recipients_via CHECK (via IN ('user','department','agency')),
        CONSTRAINT fk_memo_recipients_memo FOREIGN KEY (memo_id) REFERENCES memos (id) ON DELETE CASCADE,
        CONSTRAINT fk_memo_recipients_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_memo_recipients_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX ix_memo_recipients_user ON memo_recipients (user_id, delivered_at)`);

    await db.query(`
      CREATE TABLE walls (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(16) NOT NULL,
        agency_id uuid,
        name varchar(200) NOT NULL,
        allow_anonymous boolean NOT NULL DEFAULT false,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_walls PRIMARY KEY (id),
        CONSTRAINT ck_walls_kind CHECK (kind IN ('government','agency','topic')),
        CONSTRAINT ck_walls_agency CHECK ((kind = 'government') = (agency_id IS NULL) OR kind = 'topic'),
        CONSTRAINT fk_walls_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE CASCADE,
        CONSTRAINT fk_walls_creator FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_walls_government ON walls (kind) WHERE kind = 'government'`);
    await db.query(`CREATE UNIQUE INDEX uq_walls_agency ON walls (agency_id) WHERE kind = 'agency'`);
    await db.query(`
      CREATE TABLE wall_posts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        wall_id uuid NOT NULL,
        author_id uuid NOT NULL,
        anonymous boolean NOT NULL DEFAULT false,
        body text NOT NULL,
        client_key varchar(64),
        like_count integer NOT NULL DEFAULT 0,
        comment_count integer NOT NULL DEFAULT 0,
        report_count integer NOT NULL DEFAULT 0,
        score integer NOT NULL DEFAULT 0,
        hidden_at timestamptz,
        hidden_by uuid,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_wall_posts PRIMARY KEY (id),
        CONSTRAINT uq_wall_posts_client_key UNIQUE (author_id, client_key),
        CONSTRAINT fk_wall_posts_wall FOREIGN KEY (wall_id) REFERENCES walls (id) ON DELETE CASCADE,
        CONSTRAINT fk_wall_posts_author FOREIGN KEY (author_id) REFERENCES users (id),
        CONSTRAINT fk_wall_posts_hidden_by FOREIGN KEY (hidden_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX ix_wall_posts_newest ON wall_posts (wall_id, created_at, id)`);
    await db.query(`CREATE INDEX ix_wall_posts_popular ON wall_posts (wall_id, score, id)`);
    await db.query(`
      CREATE TABLE wall_comments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        post_id uuid NOT NULL,
        author_id uuid NOT NULL,
        anonymous boolean NOT NULL DEFAULT false,
        body text NOT NULL,
        hidden_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_wall_comments PRIMARY KEY (id),
        CONSTRAINT fk_wall_comments_post FOREIGN KEY (post_id) REFERENCES wall_posts (id) ON DELETE CASCADE,
        CONSTRAINT fk_wall_comments_author FOREIGN KEY (author_id) REFERENCES users (id)
      )`);
    await db.query(`CREATE INDEX ix_wall_comments_post ON wall_comments (post_id, created_at)`);
    await db.query(`
      CREATE TABLE wall_likes (
        post_id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_wall_likes PRIMARY KEY (post_id, user_id),
        CONSTRAINT fk_wall_likes_post FOREIGN KEY (post_id) REFERENCES wall_posts (id) ON DELETE CASCADE,
        CONSTRAINT fk_wall_likes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE wall_reports (
        post_id uuid NOT NULL,
        reporter_id uuid NOT NULL,
        reason varchar(500) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_wall_reports PRIMARY KEY (post_id, reporter_id),
        CONSTRAINT fk_wall_reports_post FOREIGN KEY (post_id) REFERENCES wall_posts (id) ON DELETE CASCADE,
        CONSTRAINT fk_wall_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE wall_reports`);
    await db.query(`DROP TABLE wall_likes`);
    await db.query(`DROP TABLE wall_comments`);
    await db.query(`DROP TABLE wall_posts`);
    await db.query(`DROP TABLE walls`);
    await db.query(`DROP TABLE memo_recipients`);
    await db.query(`DROP TABLE memo_targets`);
    await db.query(`DROP TABLE memos`);
    await db.query(`DELETE FROM files WHERE room_id IS NULL`);
    await db.query(`DROP INDEX ix_files_owner`);
    await db.query(
      `ALTER TABLE files DROP CONSTRAINT ck_files_owner, DROP COLUMN owner_id, DROP COLUMN owner_kind, ALTER COLUMN room_id SET NOT NULL`,
    );
  }
}
