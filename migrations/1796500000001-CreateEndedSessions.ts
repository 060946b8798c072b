import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions that ended early, kept in PostgreSQL so a sign-out survives Redis losing its data. */
export class CreateEndedSessions1796500000001 implements MigrationInterface {
  name = 'CreateEndedSessions1796500000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ended_sessions (
        session_id uuid NOT NULL,
        reason varchar(40) NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_ended_sessions PRIMARY KEY (session_id)
      )`);
    await db.query(`CREATE INDEX ix_ended_sessions_expires_at ON ended_sessions (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ended_sessions`);
  }
}
