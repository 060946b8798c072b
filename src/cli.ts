import 'reflect-metadata';
import path from 'node:path';
import { CommandFactory } from 'nest-commander';
import { MissingServiceError, startServices, type StartedServices } from './bootstrap/embedded-services.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigValidationError, loadConfig } from './config/load-config.js';
import { runMigrations } from './database/migrate.js';
import { AdminCliModule } from './identity/cli/admin-cli.module.js';
import { reportFailure } from './identity/cli/cli-output.js';

async function settleServices(config: AppConfig, quiet: boolean): Promise<StartedServices> {
  try {
    return await startServices(config, (m) => (quiet ? undefined : process.stderr.write(`${m}\n`)));
  } catch (error) {
    if (config.database.url !== undefined || error instanceof MissingServiceError) throw error;
    // Most often the server is running on the same data folder and holds its lock.
    const why = error instanceof Error ? error.message : 'it did not start';
    throw new Error(
      `DATABASE_URL is unset and the embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')} could not be started (${why}). ` +
        'If `npm start` is running, set DATABASE_URL=postgres://postgres:ieum-embedded@127.0.0.1:<port>/ieum with the port it printed.',
      { cause: error },
    );
  }
}

/** `npm run admin -- <command>`: directory administration against the configured (or embedded) services. */
async function main(): Promise<void> {
  let config;
  try {
    // The CLI speaks on stdout and stderr itself; the app's own logs would only be noise here.
    config = { ...loadConfig(), logLevel: 'error' };
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const wantsHelp = process.argv.length <= 2 || process.argv.includes('--help') || process.argv.includes('-h');
  const services = await settleServices(config, wantsHelp);
  try {
    await runMigrations(services.config.database.url);
    // Usage errors and --help are commander's: it prints them and exits with its own code.
    await CommandFactory.run(AdminCliModule.forConfig(services.config), { logger: ['error'], serviceErrorHandler: reportFailure });
  } finally {
    await services.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
