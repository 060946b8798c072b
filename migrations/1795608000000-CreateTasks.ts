import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTasks1795608000000 implements MigrationInterface {
  name = 'CreateTasks1795608000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tasks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title varchar(300) NOT NULL,
        description text,
        owner_agency_id uuid NOT NULL,
        created_by uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open',
        priority varchar(8) NOT NULL DEFAULT 'normal',
        due_at timestamptz,
        room_id uuid NOT NULL,
        card_message_id uuid,
        source_key varchar(100),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_tasks PRIMARY KEY (id),
        CONSTRAINT uq_tasks_source_key UNIQUE (source_key),
        CONSTRAINT ck_tasks_status CHECK (status IN ('open','in_progress','done','cancelled')),
        CONSTRAINT ck_tasks_priority CHECK (priority IN ('low','normal','high','urgent')),
        CONSTRAINT fk_tasks_owner_agency FOREIGN KEY (owner_agency_id) REFERENCES agencies (id),
        CONSTRAINT fk_tasks_creator FOREIGN KEY (created_by) REFERENCES users (id),
        CONSTRAINT fk_tasks_room FOREIGN KEY (room_id) REFERENCES rooms (id),
        CONSTRAINT fk_tasks_card FOREIGN KEY (card_message_id) REFERENCES messages (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX ix_tasks_room ON tasks (room_id, created_at)`);
    await db.query(`CREATE INDEX ix_tasks_due ON tasks (due_at)`);
    await db.query(`
      CREATE TABLE task_agencies (
        task_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        CONSTRAINT pk_task_agencies PRIMARY KEY (task_id, agency_id),
        CONSTRAINT fk_task_agencies_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
        CONSTRAINT fk_task_agencies_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_task_agencies_agency ON task_agencies (agency_id)`);
    await db.query(`
      CREATE TABLE task_members (
        task_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_task_members PRIMARY KEY (task_id, user_id, role),
        CONSTRAINT ck_task_members_role CHECK (role IN ('assignee','watcher')),
        CONSTRAINT fk_task_members_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
        CONSTRAINT fk_task_members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_task_members_user ON task_members (user_id)`);
    await db.query(`
      CREATE TABLE task_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL,
        actor_id uuid,
        kind varchar(16) NOT NULL,
        from_status varchar(16),
        to_status varchar(16),
        body text,
        user_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_task_events PRIMARY KEY (id),
        CONSTRAINT ck_task_events_kind CHECK (kind IN ('created','status','assigned','unassigned','edited','comment','checklist')),
        CONSTRAINT fk_task_events_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
        CONSTRAINT fk_task_events_actor FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX ix_task_events_task ON task_events (task_id, created_at)`);
    await db.query(`
      CREATE TABLE task_checklist_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL,
        position integer NOT NULL,
        text varchar(500) NOT NULL,
        done_at timestamptz,
        done_by uuid,
        CONSTRAINT pk_task_checklist_items PRIMARY KEY (id),
        CONSTRAINT fk_task_checklist_items_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
        CONSTRAINT fk_task_checklist_items_done_by FOREIGN KEY (done_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX ix_task_checklist_items_task ON task_checklist_items (task_id, position)`);
    await db.query(`
      CREATE TABLE task_reminder_sends (
        task_id uuid NOT NULL,
        offset_minutes integer NOT NULL,
        due_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_task_reminder_sends PRIMARY KEY (task_id, offset_minutes, due_at),
        CONSTRAINT fk_task_reminder_sends_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE task_digest_sends (
        user_id uuid NOT NULL,
        local_date date NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_task_digest_sends PRIMARY KEY (user_id, local_date),
        CONSTRAINT fk_task_digest_sends_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE task_digest_sends`);
    await db.query(`DROP TABLE task_reminder_sends`);
    await db.query(`DROP TABLE task_checklist_items`);
    await db.query(`DROP TABLE task_events`);
    await db.query(`DROP TABLE task_members`);
    await db.query(`DROP TABLE task_agencies`);
    await db.query(`DROP TABLE tasks`);
  }
}
