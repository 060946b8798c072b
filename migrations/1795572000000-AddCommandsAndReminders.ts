import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCommandsAndReminders1795572000000 implements MigrationInterface {
  name = 'AddCommandsAndReminders1795572000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP CONSTRAINT ck_users_kind`);
    await db.query(
      `ALTER TABLE users ADD CONSTRAINT ck_users_kind CHECK (kind IN ('staff','citizen','committee_member','bot'))`,
    );

    await db.query(`
      CREATE TABLE command_runs (
        message_id uuid NOT NULL,
        sender_id uuid NOT NULL,
        room_id uuid NOT NULL,
        command varchar(64),
        status varchar(32) NOT NULL,
        error_code varchar(64),
        reply text,
        reply_ephemeral boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_command_runs PRIMARY KEY (message_id),
        CONSTRAINT fk_command_runs_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
        CONSTRAINT ck_command_runs_status CHECK (status IN ('running','done','failed','awaiting_confirmation'))
      )`);

    await db.query(`
      CREATE TABLE reminders (
        id uuid NOT NULL,
        creator_id uuid NOT NULL,
        target_user_id uuid,
        target_room_id uuid,
        text varchar(2000) NOT NULL,
        next_at timestamptz,
        recurrence text,
        time_zone varchar(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active',
        fired_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reminders PRIMARY KEY (id),
        CONSTRAINT fk_reminders_creator FOREIGN KEY (creator_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_reminders_target_user FOREIGN KEY (target_user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_reminders_target_room FOREIGN KEY (target_room_id) REFERENCES rooms (id) ON DELETE CASCADE,
        CONSTRAINT ck_reminders_status CHECK (status IN ('active','done','cancelled')),
        CONSTRAINT ck_reminders_target CHECK ((target_user_id IS NULL) <> (target_room_id IS NULL))
      )`);
    await db.query(`CREATE INDEX ix_command_runs_sender ON command_runs (sender_id, created_at)`);
    await db.query(`CREATE INDEX ix_reminders_due ON reminders (next_at) WHERE status = 'active'`);
    await db.query(`CREATE INDEX ix_reminders_creator ON reminders (creator_id, status)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reminders`);
    await db.query(`DROP TABLE command_runs`);
    await db.query(`DELETE FROM users WHERE kind = 'bot'`);
    await db.query(`ALTER TABLE users DROP CONSTRAINT ck_users_kind`);
    await db.query(
      `ALTER TABLE users ADD CONSTRAINT ck_users_kind CHECK (kind IN ('staff','citizen','committee_member'))`,
    );
  }
}
