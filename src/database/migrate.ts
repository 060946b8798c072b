import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

// An arbitrary constant: the advisory lock that lets one node migrate while the others wait.
const MIGRATION_LOCK = 7_242_001;

/** Runs pending migrations, each in its own transaction, one node at a time. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { listEntities: true, poolSize: 1 }));
  await dataSource.initialize();
  try {
    // With a pool of one, the lock and the migrations share one session.
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    return done.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts every migration, newest first (used by the migration round-trip test). */
export async function revertAllMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { listEntities: true, poolSize: 1 }));
  await dataSource.initialize();
  const reverted: string[] = [];
  try {
    for (;;) {
      const executed: Array<{ name: string }> = await dataSource.query(
        'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
      );
      if (executed.length === 0) break;
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted.push(executed[0]?.name ?? '');
    }
    return reverted;
  } finally {
    await dataSource.destroy();
  }
}

/** The SQL that would bring the schema in line with the entities; empty when they agree. */
export async function pendingSchemaChanges(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { listEntities: true, poolSize: 1 }));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}
