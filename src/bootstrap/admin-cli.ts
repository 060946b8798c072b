import 'reflect-metadata';
import path from 'node:path';
import { CommandFactory } from 'nest-commander';
import type { AppConfig } from '../config/app-config.js';
import { ConfigValidationError, loadConfig } from '../config/load-config.js';
import { runMigrations } from '../database/migrate.js';
import { ADMIN_COMMAND_GROUPS, AdminCliModule } from '../identity/cli/admin-cli.module.js';
import { reportFailure } from '../identity/cli/cli-output.js';
import { MissingServiceError, startServices, type StartedServices } from './embedded-services.js';

/** Usage only: no arguments, --help anywhere, `help`, or a group of commands alone (`org`). */
export function wantsHelp(args: readonly string[]): boolean {
  if (args.length === 0 || args[0] === 'help') return true;
  if (args.includes('--help') || args.includes('-h')) return true;
  return args.length === 1 && ADMIN_COMMAND_GROUPS.includes(args[0] ?? '');
}

async function settleServices(config: AppConfig): Promise<StartedServices> {
  try {
    return await startServices(config, (m) => process.stderr.write(`${m}\n`), { joinRunning: true });
  } catch (error) {
    if (config.database.url !== undefined || error instanceof MissingServiceError) throw error;
    const why = error instanceof Error ? error.message : 'it did not start';
    throw new Error(
      `DATABASE_URL is unset, no server runs on ${config.dataDir} and its embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')} could not be started (${why}). ` +
        'Run the CLI from the folder the server runs in (or with its IEUM_DATA_DIR), or set DATABASE_URL.',
      { cause: error },
    );
  }
}

/**
 * `npm run admin -- <command>`: directory administration against the configured services, or
 * those of the server running on this data folder, or (when none runs) embedded ones of its own.
 * Usage needs none of them.
 */
export async function runAdminCli(argv: readonly string[]): Promise<void> {
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
  const options = { logger: ['error' as const], serviceErrorHandler: reportFailure };
  // Usage errors and --help are commander's: it prints them and exits with its own code.
  if (wantsHelp(argv.slice(2))) return CommandFactory.run(AdminCliModule.forHelp(), options);
  const services = await settleServices(config);
  try {
    await runMigrations(services.config.database.url);
    await CommandFactory.run(AdminCliModule.forConfig(services.config), options);
  } finally {
    await services.stop();
  }
}
