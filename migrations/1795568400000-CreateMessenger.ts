import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessenger1795568400000 implements MigrationInterface {
  name = 'CreateMessenger1795568400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`
      CREATE TABLE rooms (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(16) NOT NULL,
        name varchar(200),
        topic varchar(1000),
        agency_id uuid,
        direct_key varchar(80),
        created_by uuid,
        last_seq bigint NOT NULL DEFAULT 0,
        last_message_at timestamptz,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_rooms PRIMARY KEY (id),
        CONSTRAINT ck_rooms_kind CHECK (kind IN ('direct','group','agency','collaboration'))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_rooms_direct_key ON rooms (direct_key) WHERE direct_key IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX uq_rooms_agency ON rooms (agency_id) WHERE kind = 'agency'`);

    await db.query(`
      CREATE TABLE room_members (
        room_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role varchar(16) NOT NULL DEFAULT 'member',
        last_read_seq bigint NOT NULL DEFAULT 0,
        joined_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_room_members PRIMARY KEY (room_id, user_id),
        CONSTRAINT ck_room_members_role CHECK (role IN ('owner','member')),
        CONSTRAINT fk_room_members_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_room_members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_room_members_user ON room_members (user_id)`);

    await db.query(`
      CREATE TABLE messages (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL,
        seq bigint NOT NULL,
        sender_id uuid,
        client_message_id varchar(64),
        kind varchar(16) NOT NULL DEFAULT 'text',
        body text NOT NULL,
        thread_root_id uuid,
        reply_count integer NOT NULL DEFAULT 0,
        edited_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_messages PRIMARY KEY (id),
        CONSTRAINT ck_messages_kind CHECK (kind IN ('text','system','bot')),
        CONSTRAINT fk_messages_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_messages_sender FOREIGN KEY (sender_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT fk_messages_thread_root FOREIGN KEY (thread_root_id) REFERENCES messages (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_messages_room_seq ON messages (room_id, seq)`);
    await db.query(
      `CREATE UNIQUE INDEX uq_messages_client_id ON messages (sender_id, client_message_id) WHERE client_message_id IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX ix_messages_thread ON messages (thread_root_id, seq) WHERE thread_root_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX ix_messages_body_trgm ON messages USING gin (body gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE message_mentions (
        message_id uuid NOT NULL,
        user_id uuid NOT NULL,
        CONSTRAINT pk_message_mentions PRIMARY KEY (message_id, user_id),
        CONSTRAINT fk_message_mentions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT fk_message_mentions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_message_mentions_user ON message_mentions (user_id)`);

    await db.query(`
      CREATE TABLE message_reactions (
        message_id uuid NOT NULL,
        user_id uuid NOT NULL,
        emoji varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_message_reactions PRIMARY KEY (message_id, user_id, emoji),
        CONSTRAINT fk_message_reactions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT fk_message_reactions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE message_reactions`);
    await db.query(`DROP TABLE message_mentions`);
    await db.query(`DROP TABLE messages`);
    await db.query(`DROP TABLE room_members`);
    await db.query(`DROP TABLE rooms`);
  }
}
