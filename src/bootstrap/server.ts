import 'reflect-metadata';
import { createApp } from '../app.factory.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigValidationError, loadConfig } from '../config/load-config.js';
import { runMigrations } from '../database/migrate.js';
import { DemoSeedService, type DemoSeedOutcome } from './demo-seed.service.js';
import { startServices } from './embedded-services.js';
import { startupLogger } from './logging.js';

/** `npm start`: the services it needs, the migrations, the app in its roles, and the lines that say where it is. */
export async function startServer(): Promise<void> {
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
  const logger = startupLogger(config);
  // Where to open Ieum and how to sign in are said at any level but silent.
  const said =
    config.logLevel === 'silent'
      ? logger
      : logger.child({}, { level: ['warn', 'error', 'fatal'].includes(config.logLevel) ? 'info' : config.logLevel });
  const publicVideo = publicVideoWarning(config);
  if (publicVideo) logger.warn(publicVideo);

  const services = await startServices(config, (m) => logger.info(m), { keepsRunning: true });
  const resolved = services.config;
  const migrated = await runMigrations(resolved.database.url);
  if (migrated.length > 0) logger.info(`ran migrations: ${migrated.join(', ')}`);

  const app = await createApp(resolved);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`${signal}: draining workers, closing sockets`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await app.close();
    await services.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, (s) => void shutdown(s));

  if (resolved.roles.has('api')) await app.listen(resolved.http.port, resolved.http.host);
  else if (resolved.metrics.port !== undefined) await app.listen(resolved.metrics.port, resolved.http.host);
  else await app.init();

  const demo = resolved.seedDemo ? await app.get(DemoSeedService).seedIfEmpty() : null;
  const lines = [`Ieum is running with roles: ${[...resolved.roles].join(', ')}`];
  if (services.started.length > 0) lines.push(`started here: ${services.started.join('; ')}`);
  if (resolved.roles.has('api'))
    lines.push(`open ${resolved.http.publicUrl}  (API docs: ${resolved.http.publicUrl}/api/docs)`);
  else if (resolved.metrics.port !== undefined)
    lines.push(`/health, /ready and /metrics on ${resolved.http.host}:${resolved.metrics.port}`);
  if (demo)
    lines.push(
      ...demoLines(demo, resolved.http.publicUrl, resolved.mail.driver === 'mailbox' || resolved.mail.mailbox.copy),
    );
  for (const line of lines) said.info(line);
  if (publicVideo) logger.warn(publicVideo);
}

/**
 * Said at start-up (and again after the lines above, so it is not scrolled away) when video goes
 * to the public meet.jit.si: nothing there is access-controlled.
 */
export function publicVideoWarning(config: Pick<AppConfig, 'jitsi'>): string | null {
  if (config.jitsi.domain) return null;
  const citizens = config.jitsi.publicAllowedForCitizens
    ? [
        '시민 영상 상담도 그곳으로 갑니다(JITSI_PUBLIC_ALLOWED_FOR_CITIZENS=true).',
        "citizens' consultations go there too (JITSI_PUBLIC_ALLOWED_FOR_CITIZENS=true).",
      ]
    : [
        '시민 영상 상담은 입장을 거절합니다(허용하려면 JITSI_PUBLIC_ALLOWED_FOR_CITIZENS=true).',
        "citizens' consultations are refused (JITSI_PUBLIC_ALLOWED_FOR_CITIZENS=true allows them).",
      ];
  return (
    `공개 영상회의: JITSI_DOMAIN이 없어 회의는 토큰 없이 공개 서버 meet.jit.si로 연결되며, 방 주소를 아는 사람은 누구나 들어올 수 있습니다. ${citizens[0]} ` +
    `/ PUBLIC VIDEO: JITSI_DOMAIN is unset, so meetings go to the public meet.jit.si without tokens, where anyone who knows a room's address can enter; ${citizens[1]} ` +
    'Set JITSI_DOMAIN, JITSI_APP_ID and JITSI_APP_SECRET for a deployment of your own.'
  );
}

/** Who can sign in to the demo, in plain words; the password only on the start that made it. */
function demoLines(demo: DemoSeedOutcome, publicUrl: string, mailKept: boolean): string[] {
  const lines = demo.created
    ? [
        `demo login: ${demo.people[0]?.login ?? 'admin'} / ${demo.password ?? ''}  (every demo user below has this password; it is kept in ${demo.passwordFile}, and later starts do not print it)`,
      ]
    : [
        `demo logins: the users below; their one password was printed on the first start and is kept in ${demo.passwordFile}`,
      ];
  const width = Math.max(...demo.people.map((p) => p.login.length));
  lines.push('demo users:', ...demo.people.map((p) => `  ${p.login.padEnd(width)}  ${p.displayName}, ${p.role}`));
  lines.push(
    `advisory-committee guest: ${demo.guest.name} <${demo.guest.email}>, no account; joins by the personal link in their meeting invitation`,
  );
  if (mailKept) lines.push(`mail is kept here, not sent: system administrators read it at ${publicUrl}/admin/mailbox`);
  if (demo.contentProblem)
    lines.push(`the demo's sample tasks, memos, posts and meetings are incomplete: ${demo.contentProblem}`);
  return lines;
}
