import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access records (접속기록): who read or changed whose personal data, from where, and when; append-only
 * and hash-chained. The single-row head serialises appends (FOR UPDATE) and remembers the last row
 * and what the retention sweep has pruned, so a deleted last or first row is noticed too.
 */
export class CreateAccessRecords1796723000000 implements MigrationInterface {
  name = 'CreateAccessRecords1796723000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE access_records (
        seq bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        account_id uuid,
        address varchar(64) NOT NULL,
        agency_id uuid,
        action varchar(64) NOT NULL,
        subject_type varchar(32) NOT NULL,
        subject_id varchar(128) NOT NULL,
        detail varchar(256),
        keep_until timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT pk_access_records PRIMARY KEY (seq)
      )`);
    await db.query(`CREATE INDEX ix_access_records_agency ON access_records (agency_id, occurred_at)`);
    await db.query(`CREATE INDEX ix_access_records_subject ON access_records (subject_type, subject_id)`);
    await db.query(`
      CREATE TABLE access_record_head (
        id smallint NOT NULL,
        last_seq bigint NOT NULL,
        last_hash char(64) NOT NULL,
        pruned_seq bigint NOT NULL,
        pruned_hash char(64) NOT NULL,
        CONSTRAINT pk_access_record_head PRIMARY KEY (id),
        CONSTRAINT ck_access_record_head_one CHECK (id = 1)
      )`);
    await db.query(
      `INSERT INTO access_record_head (id, last_seq, last_hash, pruned_seq, pruned_hash) VALUES (1, 0, repeat('0', 64), 0, repeat('0', 64))`,
    );
    // Rows are never changed; one is deleted only once its retention is over (the sweep).
    await db.query(`
      CREATE FUNCTION access_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.keep_until < now() THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'access_records is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(
      `CREATE TRIGGER access_records_append_only BEFORE UPDATE OR DELETE ON access_records FOR EACH ROW EXECUTE FUNCTION access_records_append_only()`,
    );
    await db.query(
      `CREATE TRIGGER access_records_no_truncate BEFORE TRUNCATE ON access_records FOR EACH STATEMENT EXECUTE FUNCTION access_records_append_only()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE access_record_head`);
    await db.query(`DROP TABLE access_records`);
    await db.query(`DROP FUNCTION access_records_append_only()`);
  }
}
