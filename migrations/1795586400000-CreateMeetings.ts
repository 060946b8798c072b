import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMeetings1795586400000 implements MigrationInterface {
  name = 'CreateMeetings1795586400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE meetings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title varchar(200) NOT NULL,
        kind varchar(32) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'scheduled',
        host_id uuid,
        agency_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL,
        time_zone varchar(64) NOT NULL,
        recurrence varchar(500),
        exdates timestamptz[] NOT NULL DEFAULT '{}',
        lobby boolean NOT NULL DEFAULT false,
        agenda text,
        video_room varchar(80) NOT NULL,
        room_id uuid,
        reminder_minutes integer[] NOT NULL DEFAULT '{1440,10}',
        sequence integer NOT NULL DEFAULT 0,
        source_key varchar(80),
        started_at timestamptz,
        ended_at timestamptz,
        cancelled_at timestamptz,
        attended_count integer,
        attended_minutes integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meetings PRIMARY KEY (id),
        CONSTRAINT fk_meetings_host FOREIGN KEY (host_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT fk_meetings_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT fk_meetings_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE SET NULL,
        CONSTRAINT ck_meetings_kind CHECK (kind IN ('meeting','advisory_committee','consultation')),
        CONSTRAINT ck_meetings_status CHECK (status IN ('scheduled','started','ended','cancelled')),
        CONSTRAINT ck_meetings_duration CHECK (duration_minutes BETWEEN 1 AND 1440)
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_meetings_video_room ON meetings (video_room)`);
    await db.query(`CREATE UNIQUE INDEX uq_meetings_source_key ON meetings (source_key) WHERE source_key IS NOT NULL`);
    await db.query(`CREATE INDEX ix_meetings_upcoming ON meetings (starts_at) WHERE status IN ('scheduled','started')`);
    await db.query(`CREATE INDEX ix_meetings_agency_start ON meetings (agency_id, starts_at)`);
    await db.query(`CREATE INDEX ix_meetings_start ON meetings (starts_at)`);

    await db.query(`
      CREATE TABLE meeting_participants (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        user_id uuid,
        email varchar(254),
        display_name varchar(200) NOT NULL,
        role varchar(16) NOT NULL,
        invited_via varchar(16) NOT NULL,
        guest_token_hash varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meeting_participants PRIMARY KEY (id),
        CONSTRAINT fk_meeting_participants_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
        CONSTRAINT fk_meeting_participants_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_meeting_participants_role CHECK (role IN ('host','participant')),
        CONSTRAINT ck_meeting_participants_via CHECK (invited_via IN ('user','agency','department','guest')),
        CONSTRAINT ck_meeting_participants_who CHECK ((user_id IS NULL) = (invited_via = 'guest') AND (user_id IS NOT NULL OR email IS NOT NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_meeting_participants_user ON meeting_participants (meeting_id, user_id) WHERE user_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX uq_meeting_participants_guest ON meeting_participants (meeting_id, email) WHERE user_id IS NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX uq_meeting_participants_token ON meeting_participants (guest_token_hash) WHERE guest_token_hash IS NOT NULL`,
    );
    await db.query(`CREATE INDEX ix_meeting_participants_user ON meeting_participants (user_id)`);

    await db.query(`
      CREATE TABLE meeting_attendance (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        source varchar(16) NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        left_at timestamptz,
        CONSTRAINT pk_meeting_attendance PRIMARY KEY (id),
        CONSTRAINT fk_meeting_attendance_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
        CONSTRAINT fk_meeting_attendance_participant FOREIGN KEY (participant_id) REFERENCES meeting_participants (id) ON DELETE CASCADE,
        CONSTRAINT ck_meeting_attendance_source CHECK (source IN ('client','jitsi'))
      )`);
    await db.query(`CREATE INDEX ix_meeting_attendance_meeting ON meeting_attendance (meeting_id, participant_id)`);

    await db.query(`
      CREATE TABLE meeting_reminder_sends (
        meeting_id uuid NOT NULL,
        occurrence_at timestamptz NOT NULL,
        offset_minutes integer NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meeting_reminder_sends PRIMARY KEY (meeting_id, occurrence_at, offset_minutes),
        CONSTRAINT fk_meeting_reminder_sends_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE meeting_reminder_sends`);
    await db.query(`DROP TABLE meeting_attendance`);
    await db.query(`DROP TABLE meeting_participants`);
    await db.query(`DROP TABLE meetings`);
  }
}
