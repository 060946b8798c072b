import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trigram indexes for finding colleagues by part of their name or sign-in name
 * (GET /directory/users?q=). pg_trgm is already installed by CreateMessenger.
 */
export class AddDirectorySearchIndexes1796350000000 implements MigrationInterface {
  name = 'AddDirectorySearchIndexes1796350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_users_display_name_trgm ON users USING gin (display_name gin_trgm_ops)`);
    await db.query(`CREATE INDEX ix_users_login_trgm ON users USING gin (login gin_trgm_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_users_login_trgm`);
    await db.query(`DROP INDEX ix_users_display_name_trgm`);
  }
}
