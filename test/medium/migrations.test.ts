import { describe, expect, it } from '@jest/globals';
import { MIGRATIONS } from '../../migrations/index.js';
import { pendingSchemaChanges, revertAllMigrations, runMigrations } from '../../src/database/migrate.js';
import { databaseUrl, testServices, withAdmin } from '../setup/services.js';

async function emptyDatabase(): Promise<string> {
  const { adminUrl, runId } = testServices();
  const name = `ieum_t_${runId}_migrations`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(adminUrl, name);
}

async function tables(url: string): Promise<string[]> {
  return withAdmin(url, async (c) => {
    const r = await c.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return r.rows.map((row) => row.table_name);
  });
}

describe('migrations', () => {
  it('run up, down and up again on an empty database, and match the entities', async () => {
    const url = await emptyDatabase();
    const first = await runMigrations(url);
    expect(first).toHaveLength(MIGRATIONS.length);
    const created = await tables(url);
    expect(created).toEqual(expect.arrayContaining(['agencies', 'users', 'outbox_events']));

    const reverted = await revertAllMigrations(url);
    expect(reverted).toHaveLength(MIGRATIONS.length);
    expect(await tables(url)).toEqual([]);

    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
    expect(await tables(url)).toEqual(created);
    expect(await runMigrations(url)).toEqual([]);

    // The hand-written SQL and the entity decorators describe the same schema.
    expect(await pendingSchemaChanges(url)).toEqual([]);
  });
});
