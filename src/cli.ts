import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { startServices } from './bootstrap/embedded-services.js';
import { ConfigValidationError, loadConfig } from './config/load-config.js';
import { runMigrations } from './database/migrate.js';
import { AdminCliModule } from './identity/cli/admin-cli.module.js';

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
  const services = await startServices(config, (m) => (wantsHelp ? undefined : process.stderr.write(`${m}\n`)));
  try {
    await runMigrations(services.config.database.url);
    await CommandFactory.run(AdminCliModule.forConfig(services.config), {
      logger: ['error'],
      errorHandler: (error) => {
        // commander signals --help and --version as errors with these codes.
        const code = (error as { code?: string }).code;
        if (code !== 'commander.helpDisplayed' && code !== 'commander.help' && code !== 'commander.version') {
          process.stderr.write(`${error.message}\n`);
          process.exitCode = 1;
        }
      },
    });
  } finally {
    await services.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
