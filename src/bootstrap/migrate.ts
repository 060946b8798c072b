// `node dist/src/bootstrap/migrate.js`: runs pending migrations (under the same advisory lock the
// servers take at start) and exits; a deployment's migration step (the Helm chart's hook Job).
import { refuseUnsupportedNode } from '../node-version.js';

refuseUnsupportedNode('dist/src/bootstrap/migrate.js');

try {
  await import('reflect-metadata');
  const { loadConfig } = await import('../config/load-config.js');
  const { runMigrations } = await import('../database/migrate.js');
  const { startupLogger } = await import('./logging.js');
  const config = loadConfig();
  const logger = startupLogger(config);
  if (!config.database.url) throw new Error('DATABASE_URL is required to run migrations');
  const done = await runMigrations(config.database.url);
  logger.info(done.length > 0 ? `ran migrations: ${done.join(', ')}` : 'no migrations to run');
} catch (error) {
  process.stderr.write(`Ieum could not migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
