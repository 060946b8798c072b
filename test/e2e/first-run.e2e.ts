import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/bootstrap/embedded-services.js';

interface Run {
  stdout: string;
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

/** Runs the built platform the way `npm start` does, with only the given environment. */
function runMain(
  env: Record<string, string>,
  node = process.execPath,
  entry = 'dist/src/main.js',
  args: string[] = [],
): Run {
  const child = spawn(node, [entry, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    kill: (signal) => child.kill(signal),
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${String(pattern)}; stderr: ${run.stderr.slice(-2000)}`)),
          timeoutMs,
        );
        const check = () => {
          const match = pattern.exec(run.stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          }
        };
        child.stdout.on('data', check);
        void run.exit.then(() => {
          clearTimeout(timer);
          reject(new Error(`exited before ${String(pattern)}; stderr: ${run.stderr.slice(-2000)}`));
        });
      }),
  };
  child.stdout.on('data', (d: Buffer) => (run.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  return run;
}

/** Every line on stdout (not a terminal here) is one JSON object: the start-up lines as much as the app's. */
function logLines(stdout: string): Array<{ level: number; msg: string }> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

/** The system's own node, when it is older than the project's (the case the version check is for). */
function olderNode(): { path: string; version: string } | null {
  const candidate = '/usr/bin/node';
  if (!existsSync(candidate)) return null;
  const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < 24 || (major === 24 && minor < 11) ? { path: candidate, version } : null;
}

const older = olderNode();
if (!older)
  process.stdout.write(
    'first-run: the older-Node test is skipped: /usr/bin/node is missing or not older than Node 24.11\n',
  );

describe('npm start with nothing configured', () => {
  (older ? it : it.skip)(
    `stops at once on an older Node (${older ? `${older.path}, v${older.version}` : 'none installed'}), naming the version needed and how to get it, for the server and the admin CLI`,
    async () => {
      if (!older) return;
      for (const [entry, args] of [
        ['dist/src/main.js', []],
        ['dist/src/cli.js', ['--help']],
      ] as const) {
        const run = runMain({ IEUM_DATA_DIR: '/nonexistent/ieum' }, older.path, entry, [...args]);
        const { code, signal } = await run.exit;
        // Not the silent 139 (SIGSEGV) of argon2 on Node 20: one clear message, exit 1.
        expect([code, signal]).toEqual([1, null]);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain(`this is Node.js ${older.version} (${older.path})`);
        expect(run.stderr).toContain('Ieum needs Node.js >=24.11.0 <25');
        expect(run.stderr).toContain(`node_modules/.bin/node ${entry}`);
        expect(run.stderr).toMatch(/^이음에는 Node\.js 24\.11\.0 이상 25 미만이 필요합니다/);
      }
    },
  );

  it('starts with the clone and its data under a private folder (mode 700, like /root), and serves the client', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'ieum-private-home-'));
    await chmod(home, 0o700);
    const dataDir = path.join(home, '.data');
    const port = await freePort();
    const run = runMain({ IEUM_DATA_DIR: dataDir, PORT: String(port), SMTP_PORT: '0', LOG_LEVEL: 'warn' });
    try {
      await run.waitFor(/demo login: /, 90_000);
      const [, where] = /embedded PostgreSQL on port \d+ \(data in ([^)]+)\)/.exec(run.stdout) ?? [];
      // As root PostgreSQL runs as the postgres user, who cannot enter the private folder: the data
      // moves where that user can reach it, and the start-up lines say where.
      if (process.getuid?.() === 0) expect(where).toMatch(/^\/var\/lib\/ieum\/data\//);
      else expect(where).toBe(path.join(dataDir, 'postgres'));
      const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<div id="root">');
      run.kill('SIGTERM');
      expect(await run.exit).toEqual({ code: 0, signal: null });
    } finally {
      run.kill('SIGKILL');
      await run.exit;
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);

  it('starts embedded PostgreSQL, migrates, seeds, serves the demo login, and stops cleanly', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ieum-first-run-'));
    // The embedded server runs as the 'postgres' user when we are root; it must reach the folder.
    await chmod(dataDir, 0o755);
    const port = await freePort();
    const run = runMain({ IEUM_DATA_DIR: dataDir, PORT: String(port), SMTP_PORT: '0', LOG_LEVEL: 'warn' });
    let second: Run | undefined;
    try {
      const [, login, password] = await run.waitFor(/demo login: (\S+) \/ (\S+)/, 90_000);
      expect(run.stdout).toContain(`open http://localhost:${port}`);
      expect(run.stdout).toContain('embedded PostgreSQL');
      // One format: JSON lines on a pipe, the start-up lines too (at warn, which still says where to open Ieum).
      const lines = logLines(run.stdout);
      expect(lines.find((l) => l.msg.startsWith('demo login: '))?.level).toBe(30);
      // Without JITSI_DOMAIN the start says loudly that video goes to the public meet.jit.si.
      expect(
        lines.filter((l) => l.level === 40 && l.msg.includes('PUBLIC VIDEO: JITSI_DOMAIN is unset')).length,
      ).toBeGreaterThan(0);
      const [, firstPort] = /embedded PostgreSQL on port (\d+)/.exec(run.stdout) ?? [];

      // The admin CLI beside the running server finds its database by itself, and --help needs none.
      const cli = runMain({ IEUM_DATA_DIR: dataDir }, process.execPath, 'dist/src/cli.js', ['agency', 'list']);
      expect((await cli.exit).code).toBe(0);
      expect(cli.stdout).toContain('행정안전부');
      expect(cli.stderr).toContain(
        `using the embedded PostgreSQL of the server running on ${dataDir} (port ${firstPort})`,
      );

      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(200);
      const session = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password }),
      });
      expect(session.status).toBe(200);
      const { accessToken } = (await session.json()) as { accessToken: string };
      const me = (await (
        await fetch(`http://127.0.0.1:${port}/me`, { headers: { authorization: `Bearer ${accessToken}` } })
      ).json()) as { roles: string[] };
      expect(me.roles).toContain('system_admin');

      run.kill('SIGTERM');
      expect(await run.exit).toEqual({ code: 0, signal: null });
      // PostgreSQL removes its pid file when it has shut down.
      await expect(stat(path.join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow();

      // Started again: the same database port, and the password is not printed again but where it is kept.
      second = runMain({ IEUM_DATA_DIR: dataDir, PORT: String(port), SMTP_PORT: '0', LOG_LEVEL: 'warn' });
      await second.waitFor(/demo logins: /, 90_000);
      expect(/embedded PostgreSQL on port (\d+)/.exec(second.stdout)?.[1]).toBe(firstPort);
      expect(second.stdout).not.toContain(password);
      expect(second.stdout).toContain(path.join(dataDir, 'demo-login.json'));
      expect(JSON.parse(await readFile(path.join(dataDir, 'demo-login.json'), 'utf8'))).toEqual({ login, password });
      second.kill('SIGTERM');
      expect(await second.exit).toEqual({ code: 0, signal: null });
    } finally {
      run.kill('SIGKILL');
      await run.exit;
      second?.kill('SIGKILL');
      await second?.exit;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses bad configuration, naming every bad key and no secret', async () => {
    const secret = 'mysql://root:hunter2@db';
    const run = runMain({ PORT: 'eighty', DATABASE_URL: secret, JWT_SECRET: 'too-short', IEUM_ROLES: 'api,fax' });
    const { code } = await run.exit;
    expect(code).toBe(78);
    for (const key of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'IEUM_ROLES']) expect(run.stderr).toContain(`- ${key}:`);
    expect(run.stderr).toContain('4 keys');
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr).not.toContain('too-short');
  });
});
