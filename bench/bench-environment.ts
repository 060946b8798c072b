import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServices } from '../src/bootstrap/embedded-services.js';
import type { ResolvedAppConfig } from '../src/config/app-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { runMigrations } from '../src/database/migrate.js';

export interface BenchEnvironment {
  config: ResolvedAppConfig;
  /** Drops the bench's database and stops the services the bench started. */
  close(): Promise<void>;
}

/**
 * PostgreSQL and Redis (DATABASE_URL / REDIS_URL, or the embedded ones), a fresh migrated database
 * and a queue prefix of the bench's own, and the app config for them with the roles asked for.
 */
export async function benchEnvironment(
  roles: ResolvedAppConfig['roles'],
  poolSize: number,
  adjust: (config: ResolvedAppConfig) => ResolvedAppConfig = (c) => c,
): Promise<BenchEnvironment> {
  const services = await startServices({ ...loadConfig(), logLevel: 'error' }, () => undefined);
  const admin = new pg.Client({ connectionString: services.config.database.url });
  await admin.connect();
  const dbName = `ieum_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const close = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await services.stop();
  };
  try {
    const url = new URL(services.config.database.url);
    url.pathname = `/${dbName}`;
    const config = adjust({
      ...services.config,
      logLevel: 'error',
      seedDemo: false,
      roles,
      database: { url: url.toString(), poolSize },
      bus: { ...services.config.bus, prefix: `bench${randomBytes(3).toString('hex')}` },
      http: { ...services.config.http, port: 0, host: '127.0.0.1' },
    });
    await runMigrations(config.database.url);
    return { config, close };
  } catch (error) {
    await close();
    throw error;
  }
}
