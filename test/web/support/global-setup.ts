import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startMailSink } from './mail-sink.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const buildDir = path.join(root, process.env.IEUM_BUILD_DIR ?? 'dist');

interface EmbeddedServices {
  startEmbeddedPostgres(
    dir: string,
    log: (m: string) => void,
    database: string,
  ): Promise<{ url: string; stop: () => Promise<void> }>;
  redisAnswers(host: string, port: number): Promise<boolean>;
  spawnRedis(log: (m: string) => void): Promise<{ url: string; stop: () => Promise<void> }>;
}

export const JITSI_DOMAIN = 'meet.ieum.test';
export const JITSI_APP_ID = 'ieum-web-tests';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Waits for the program to answer /ready, or fails with what it printed. */
export async function ready(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${baseUrl}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not become ready:\n${output()}`);
}

/**
 * One server for the run: `node dist/src/main.js` (what `npm start` runs) with every role, on a
 * database of its own, its own Redis prefix, token-authenticated Jitsi settings for a deployment
 * the specs stand in for, and real SMTP to a sink on loopback.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  const log = (m: string) => process.stderr.write(`[web setup] ${m}\n`);
  const run = `${process.pid}x${Date.now().toString(36)}`;

  let adminUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  // The built program's own fallbacks, as `npm start` and the jest tiers use them.
  const services = (await import(
    pathToImport(path.join(buildDir, 'src/bootstrap/embedded-services.js'))
  )) as EmbeddedServices;
  if (!adminUrl) {
    const server = await services.startEmbeddedPostgres(path.join(root, '.data/test-postgres'), log, 'ieum_test');
    stops.push(server.stop);
    adminUrl = server.url;
  }
  if (!redisUrl) {
    if (await services.redisAnswers('127.0.0.1', 6379)) redisUrl = 'redis://127.0.0.1:6379';
    else {
      const redis = await services.spawnRedis(log);
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
  }

  const database = `ieum_web_${run}`;
  await admin(adminUrl, async (client) => {
    const stale = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'ieum\\_web\\_%'`);
    for (const { datname } of stale.rows as Array<{ datname: string }>) {
      const pid = Number(/^ieum_web_(\d+)x/.exec(datname)?.[1]);
      if (pid && !alive(pid))
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
    await client.query(`CREATE DATABASE "${database}"`);
  });
  stops.push(() =>
    admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(
      () => undefined,
      () => undefined,
    ),
  );

  const sink = await startMailSink();
  stops.push(sink.stop);

  const port = await freePort();
  const smtpPort = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ieum-web-'));
  stops.push(() => rm(dataDir, { recursive: true, force: true }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const jitsiSecret = randomBytes(32).toString('hex');
  const env: Record<string, string> = {
    ...filteredEnv(),
    DATABASE_URL: withDatabase(adminUrl, database),
    REDIS_URL: redisUrl,
    BUS_PREFIX: `w${randomBytes(4).toString('hex')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    SMTP_PORT: String(smtpPort),
    IEUM_DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
    WALL_WRITES_PER_HOUR: '100000',
    JITSI_DOMAIN,
    JITSI_APP_ID,
    JITSI_APP_SECRET: jitsiSecret,
    MAIL_DRIVER: 'smtp',
    MAIL_SMTP_URL: `smtp://127.0.0.1:${sink.smtpPort}`,
    // Real SMTP to the sink for the specs that read it, and a copy in the demo mailbox for /admin/mailbox.
    MAIL_MAILBOX_COPY: 'true',
    ...(process.env.IEUM_WEB_SERVER_ENV ? (JSON.parse(process.env.IEUM_WEB_SERVER_ENV) as Record<string, string>) : {}),
  };
  let printed = '';
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(buildDir, 'src/main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-20_000);
    if (process.env.IEUM_WEB_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  );

  try {
    await ready(baseUrl, child, () => printed);
    // The demo seed runs right after listening; its login file is the sign it is done.
    const deadline = Date.now() + 60_000;
    let demo: { login: string; password: string } | null = null;
    while (!demo && Date.now() < deadline) {
      demo = await readFile(path.join(dataDir, 'demo-login.json'), 'utf8').then(
        (t) => JSON.parse(t) as { login: string; password: string },
        () => null,
      );
      if (!demo) await new Promise((r) => setTimeout(r, 200));
    }
    if (!demo) throw new Error(`the demo organisation was not seeded:\n${printed}`);
    log(`server at ${baseUrl}, mail sink at ${sink.httpUrl}`);

    process.env.IEUM_WEB_BASE_URL = baseUrl;
    process.env.IEUM_WEB_DEMO_PASSWORD = demo.password;
    process.env.IEUM_WEB_MAIL_SINK = sink.httpUrl;
    process.env.IEUM_WEB_DATABASE_URL = env.DATABASE_URL;
    process.env.IEUM_WEB_REDIS_URL = redisUrl;
    process.env.IEUM_WEB_JITSI_SECRET = jitsiSecret;
    process.env.IEUM_WEB_SMTP_PORT = String(smtpPort);
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }

  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}

function pathToImport(file: string): string {
  return new URL(`file://${file}`).href;
}

/** The environment the server inherits, without the test runner's own variables. */
function filteredEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('IEUM_WEB_') || key.startsWith('PLAYWRIGHT') || key.startsWith('PW_'))
      continue;
    out[key] = value;
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
