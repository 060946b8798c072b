import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { DemoSeedService, type DemoSeedOutcome } from './bootstrap/demo-seed.service.js';
import { startServices } from './bootstrap/embedded-services.js';
import { ConfigValidationError, loadConfig } from './config/load-config.js';
import { runMigrations } from './database/migrate.js';

async function main(): Promise<void> {
  const logger = new Logger('Ieum');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }

  const services = await startServices(config, (m) => logger.log(m));
  const resolved = services.config;
  const migrated = await runMigrations(resolved.database.url);
  if (migrated.length > 0) logger.log(`ran migrations: ${migrated.join(', ')}`);

  const app = await createApp(resolved);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: draining workers, closing sockets`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await app.close();
    await services.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, (s) => void shutdown(s));

  if (resolved.roles.has('api')) await app.listen(resolved.http.port, resolved.http.host);
  else await app.init();

  const demo = resolved.seedDemo ? await app.get(DemoSeedService).seedIfEmpty() : null;
  const lines = [`Ieum is running with roles: ${[...resolved.roles].join(', ')}`];
  if (services.started.length > 0) lines.push(`started here: ${services.started.join('; ')}`);
  if (resolved.roles.has('api')) lines.push(`open ${resolved.http.publicUrl}  (API docs: ${resolved.http.publicUrl}/api/docs)`);
  if (demo) lines.push(...demoLines(demo, resolved.http.publicUrl, resolved.mail.driver === 'mailbox' || resolved.mail.mailbox.copy));
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
}

/** Who can sign in to the demo, in plain words; the password only on the start that made it. */
function demoLines(demo: DemoSeedOutcome, publicUrl: string, mailKept: boolean): string[] {
  const lines = demo.created
    ? [`demo login: ${demo.people[0]?.login ?? 'admin'} / ${demo.password ?? ''}  (every demo user below has this password; it is kept in ${demo.passwordFile})`]
    : [`demo logins: the users below; their one password is in ${demo.passwordFile}`];
  const width = Math.max(...demo.people.map((p) => p.login.length));
  lines.push('demo users:', ...demo.people.map((p) => `  ${p.login.padEnd(width)}  ${p.displayName}, ${p.role}`));
  lines.push(`advisory-committee guest: ${demo.guest.name} <${demo.guest.email}>, no account; joins by the personal link in their meeting invitation`);
  if (mailKept) lines.push(`mail is kept here, not sent: system administrators read it at ${publicUrl}/admin/mailbox`);
  if (demo.contentProblem) lines.push(`the demo's sample tasks, memos, posts and meetings are incomplete: ${demo.contentProblem}`);
  return lines;
}

main().catch((error: unknown) => {
  process.stderr.write(`Ieum could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
