import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConsultations1795590000000 implements MigrationInterface {
  name = 'CreateConsultations1795590000000';

  async up(db: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint compare investigator ids (=) and time ranges (&&).
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await db.query(`
      CREATE TABLE consultation_topics (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL,
        name varchar(100) NOT NULL,
        name_en varchar(100),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_consultation_topics PRIMARY KEY (id),
        CONSTRAINT fk_consultation_topics_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_consultation_topics_name ON consultation_topics (agency_id, name)`);

    await db.query(`
      CREATE TABLE consultation_schedules (
        investigator_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        time_zone varchar(64) NOT NULL DEFAULT 'Asia/Seoul',
        slot_minutes integer NOT NULL DEFAULT 30,
        buffer_before_minutes integer NOT NULL DEFAULT 0,
        buffer_after_minutes integer NOT NULL DEFAULT 10,
        horizon_days integer NOT NULL DEFAULT 30,
        min_notice_minutes integer NOT NULL DEFAULT 120,
        daily_cap integer,
        weekly_rules jsonb NOT NULL DEFAULT '[]',
        topic_ids uuid[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_consultation_schedules PRIMARY KEY (investigator_id),
        CONSTRAINT fk_consultation_schedules_investigator FOREIGN KEY (investigator_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_consultation_schedules_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE CASCADE,
        CONSTRAINT ck_consultation_schedules_slot CHECK (slot_minutes BETWEEN 5 AND 240),
        CONSTRAINT ck_consultation_schedules_buffers CHECK (buffer_before_minutes BETWEEN 0 AND 240 AND buffer_after_minutes BETWEEN 0 AND 240),
        CONSTRAINT ck_consultation_schedules_horizon CHECK (horizon_days BETWEEN 1 AND 365),
        CONSTRAINT ck_consultation_schedules_notice CHECK (min_notice_minutes BETWEEN 0 AND 43200),
        CONSTRAINT ck_consultation_schedules_cap CHECK (daily_cap IS NULL OR daily_cap BETWEEN 1 AND 100)
      )`);
    await db.query(`CREATE INDEX ix_consultation_schedules_agency ON consultation_schedules (agency_id)`);

    await db.query(`
      CREATE TABLE consultation_exceptions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        investigator_id uuid NOT NULL,
        day date NOT NULL,
        kind varchar(8) NOT NULL,
        start_time time,
        end_time time,
        note varchar(200),
        CONSTRAINT pk_consultation_exceptions PRIMARY KEY (id),
        CONSTRAINT fk_consultation_exceptions_investigator FOREIGN KEY (investigator_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_consultation_exceptions_kind CHECK (kind IN ('off','extra')),
        CONSTRAINT ck_consultation_exceptions_times CHECK ((start_time IS NULL AND end_time IS NULL AND kind = 'off') OR (start_time IS NOT NULL AND end_time IS NOT NULL AND start_time < end_time))
      )`);
    await db.query(`CREATE INDEX ix_consultation_exceptions_day ON consultation_exceptions (investigator_id, day)`);

    await db.query(`
      CREATE TABLE consultation_closures (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL,
        day date NOT NULL,
        reason varchar(200) NOT NULL,
        created_by uuid,
        CONSTRAINT pk_consultation_closures PRIMARY KEY (id),
        CONSTRAINT fk_consultation_closures_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE CASCADE,
        CONSTRAINT fk_consultation_closures_creator FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_consultation_closures_day ON consultation_closures (agency_id, day)`);

    await db.query(`
      CREATE TABLE consultations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL,
        topic_id uuid,
        investigator_id uuid NOT NULL,
        meeting_id uuid,
        status varchar(16) NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        blocked_from timestamptz NOT NULL,
        blocked_until timestamptz NOT NULL,
        hold_expires_at timestamptz,
        citizen_name varchar(100),
        citizen_email varchar(254),
        citizen_phone varchar(32),
        summary text,
        case_number varchar(64),
        locale varchar(2) NOT NULL DEFAULT 'ko',
        time_zone varchar(64) NOT NULL DEFAULT 'Asia/Seoul',
        privacy_accepted_at timestamptz,
        booked_via varchar(8) NOT NULL,
        booked_by uuid,
        confirm_token_hash char(64),
        manage_token_hash char(64),
        token_version integer NOT NULL DEFAULT 0,
        reminded_offsets integer[] NOT NULL DEFAULT '{}',
        source_key varchar(80),
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        no_show_at timestamptz,
        outcome_notes text,
        anonymised_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_consultations PRIMARY KEY (id),
        CONSTRAINT fk_consultations_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT fk_consultations_topic FOREIGN KEY (topic_id) REFERENCES consultation_topics (id) ON DELETE SET NULL,
        CONSTRAINT fk_consultations_investigator FOREIGN KEY (investigator_id) REFERENCES users (id) ON DELETE RESTRICT,
        CONSTRAINT fk_consultations_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE SET NULL,
        CONSTRAINT fk_consultations_booked_by FOREIGN KEY (booked_by) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT ck_consultations_status CHECK (status IN ('pending','confirmed','cancelled','completed','no_show','expired')),
        CONSTRAINT ck_consultations_booked_via CHECK (booked_via IN ('citizen','staff')),
        CONSTRAINT ck_consultations_locale CHECK (locale IN ('ko','en')),
        CONSTRAINT ck_consultations_times CHECK (starts_at < ends_at AND blocked_from <= starts_at AND ends_at <= blocked_until),
        CONSTRAINT xk_consultations_no_overlap EXCLUDE USING gist (investigator_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&)
          WHERE (status IN ('pending','confirmed'))
      )`);
    await db.query(`CREATE INDEX ix_consultations_agency_start ON consultations (agency_id, starts_at)`);
    await db.query(`CREATE INDEX ix_consultations_investigator_start ON consultations (investigator_id, starts_at)`);
    await db.query(
      `CREATE UNIQUE INDEX uq_consultations_confirm_token ON consultations (confirm_token_hash) WHERE confirm_token_hash IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX uq_consultations_manage_token ON consultations (manage_token_hash) WHERE manage_token_hash IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX uq_consultations_source_key ON consultations (source_key) WHERE source_key IS NOT NULL`,
    );
    await db.query(`CREATE INDEX ix_consultations_retention ON consultations (ends_at) WHERE anonymised_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE consultations`);
    await db.query(`DROP TABLE consultation_closures`);
    await db.query(`DROP TABLE consultation_exceptions`);
    await db.query(`DROP TABLE consultation_schedules`);
    await db.query(`DROP TABLE consultation_topics`);
    // The extension stays: other schemas in the database may use it.
  }
}
