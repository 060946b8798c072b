// Plain JavaScript over the built tree (dist/): jest loads global setup outside its module
// mapper, so it cannot follow the sources' `.js` import suffixes. `npm test` builds first.
import 'reflect-metadata';
import pg from 'pg';
import { redisAnswers, spawnRedis, startEmbeddedPostgres } from '../../dist/src/bootstrap/embedded-services.js';
import { runMigrations } from '../../dist/src/database/migrate.js';

function databaseUrl(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin(adminUrl, work) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Settles PostgreSQL and Redis the way `npm start` does (DATABASE_URL / REDIS_URL when given,
 * otherwise an embedded PostgreSQL and the local or a spawned Redis), then builds one migrated
 * template database that every test file clones.
 */
export default async function globalSetup() {
  const stops = [];
  const log = (m) => process.stderr.write(`[test setup] ${m}\n`);

  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const pgServer = await startEmbeddedPostgres('.data/test-postgres', log, 'ieum_test');
    stops.push(pgServer.stop);
    adminUrl = pgServer.url;
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (await redisAnswers('127.0.0.1', 6379)) redisUrl = 'redis://127.0.0.1:6379';
    else {
      const redis = await spawnRedis(log);
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
  }

  const runId = `${process.pid}x${Date.now().toString(36)}`;
  const template = `ieum_tpl_${runId}`;
  await withAdmin(adminUrl, async (client) => {
    // Databases left by runs that were killed before their teardown.
    const stale = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE 'ieum\\_t\\_%' OR datname LIKE 'ieum\\_tpl\\_%'`,
    );
    for (const { datname } of stale.rows) {
      const pid = Number(/^ieum_(?:t|tpl)_(\d+)x/.exec(datname)?.[1]);
      if (pid && !processAlive(pid))
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
    await client.query(`CREATE DATABASE "${template}"`);
  });
  await runMigrations(databaseUrl(adminUrl, template));

  process.env.IEUM_TEST_ADMIN_URL = adminUrl;
  process.env.IEUM_TEST_REDIS_URL = redisUrl;
  process.env.IEUM_TEST_TEMPLATE = template;
  process.env.IEUM_TEST_RUN = runId;
  globalThis.__ieumTestStop = async () => {
    await withAdmin(adminUrl, async (client) => {
      const mine = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
        `ieum\\_t\\_${runId}\\_%`,
        template,
      ]);
      for (const { datname } of mine.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }).catch(() => undefined);
    for (const stop of stops.reverse()) await stop();
  };
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
