import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The build directory (dist/): this file is dist/bench/lib/server-process.js once built. */
export const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  smtpPort: number;
  dataDir: string;
  /** Resident memory of the server process, in bytes (from /proc). */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

export async function processRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}

/**
 * The built program (dist/src/main.js) started as its own process, as an operator runs it, on the
 * database, Redis and queue prefix given, with `env` on top; resolves once /ready answers (and,
 * when `readyFile` is named, once that file exists in its data directory). `nodeArgs` go to node
 * before the program (`--inspect=…` for the profiler).
 */
export async function startServer(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
  readyFile?: string,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const port = await freePort();
  const smtpPort = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ieum-bench-'));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--enable-source-maps', ...nodeArgs, path.join(buildDir, 'src/main.js')],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        BUS_PREFIX: prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: url,
        SMTP_PORT: String(smtpPort),
        IEUM_DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    const fileThere = readyFile
      ? await readFile(path.join(dataDir, readyFile)).then(
          () => true,
          () => false,
        )
      : true;
    if (
      fileThere &&
      (await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      return { url, pid: child.pid ?? 0, smtpPort, dataDir, rss: () => processRss(child.pid ?? 0), stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error('the server did not start');
}
