import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Matrix bridge: linked rooms with their outbound lane, carried events, seen transactions, puppets. */
export class CreateMatrixBridge1796600000003 implements MigrationInterface {
  name = 'CreateMatrixBridge1796600000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE matrix_room_links (
        room_id uuid NOT NULL,
        matrix_room_id varchar(255) NOT NULL,
        matrix_alias varchar(255),
        linked_by uuid,
        sent_seq bigint NOT NULL DEFAULT 0,
        parked_until timestamptz,
        failures integer NOT NULL DEFAULT 0,
        last_error varchar(500),
        last_sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matrix_room_links PRIMARY KEY (room_id),
        CONSTRAINT fk_matrix_room_links_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_matrix_room_links_matrix_room ON matrix_room_links (matrix_room_id)`);
    await db.query(`
      CREATE TABLE matrix_event_links (
        message_id uuid NOT NULL,
        room_id uuid NOT NULL,
        matrix_event_id varchar(255) NOT NULL,
        direction varchar(3) NOT NULL,
        matrix_sender varchar(255) NOT NULL,
        synced_edit_at timestamptz,
        redacted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matrix_event_links PRIMARY KEY (message_id),
        CONSTRAINT fk_matrix_event_links_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT fk_matrix_event_links_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT ck_matrix_event_links_direction CHECK (direction IN ('in','out'))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_matrix_event_links_event ON matrix_event_links (matrix_event_id)`);
    await db.query(`CREATE INDEX ix_matrix_event_links_room ON matrix_event_links (room_id)`);
    await db.query(`
      CREATE TABLE matrix_transactions (
        txn_id varchar(255) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matrix_transactions PRIMARY KEY (txn_id)
      )`);
    await db.query(`
      CREATE TABLE matrix_puppets (
        user_id uuid NOT NULL,
        matrix_user_id varchar(255) NOT NULL,
        display_name varchar(255) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matrix_puppets PRIMARY KEY (user_id),
        CONSTRAINT fk_matrix_puppets_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_matrix_puppets_matrix_user ON matrix_puppets (matrix_user_id)`);
    await db.query(`
      CREATE TABLE matrix_puppet_rooms (
        room_id uuid NOT NULL,
        user_id uuid NOT NULL,
        matrix_room_id varchar(255) NOT NULL,
        CONSTRAINT pk_matrix_puppet_rooms PRIMARY KEY (room_id, user_id),
        CONSTRAINT fk_matrix_puppet_rooms_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT fk_matrix_puppet_rooms_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE matrix_remote_users (
        matrix_user_id varchar(255) NOT NULL,
        display_name varchar(255),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matrix_remote_users PRIMARY KEY (matrix_user_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE matrix_remote_users`);
    await db.query(`DROP TABLE matrix_puppet_rooms`);
    await db.query(`DROP TABLE matrix_puppets`);
    await db.query(`DROP TABLE matrix_transactions`);
    await db.query(`DROP TABLE matrix_event_links`);
    await db.query(`DROP TABLE matrix_room_links`);
  }
}
