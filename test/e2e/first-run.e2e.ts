import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
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
function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['dist/src/main.js'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = {
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    kill: (signal) => child.kill(signal),
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(pattern)}; stderr: ${run.stderr.slice(-2000)}`)), timeoutMs);
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

describe('npm start with nothing configured', () => {
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
    try {
      const [, login, password] = await run.waitFor(/demo login: (\S+) \/ (\S+)/, 90_000);
      expect(run.stdout).toContain(`open http://localhost:${port}`);
      expect(run.stdout).toContain('embedded PostgreSQL');

      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(200);
      const session = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password }),
      });
      expect(session.status).toBe(200);
      const { accessToken } = (await session.json()) as { accessToken: string };
      const me = (await (await fetch(`http://127.0.0.1:${port}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { roles: string[] };
      expect(me.roles).toContain('system_admin');

      run.kill('SIGTERM');
      expect(await run.exit).toEqual({ code: 0, signal: null });
      // PostgreSQL removes its pid file when it has shut down.
      await expect(stat(path.join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow();
    } finally {
      run.kill('SIGKILL');
      await run.exit;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

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
