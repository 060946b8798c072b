import { spawn, type ChildProcess } from 'node:child_process';
import type { ResolvedAppConfig } from '../../src/config/app-config.js';

/** The environment that makes a child process the same deployment as a test's config. */
export function deploymentEnv(config: ResolvedAppConfig, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: config.database.url,
    REDIS_URL: config.redis.url,
    BUS_PREFIX: config.bus.prefix,
    JWT_SECRET: config.auth.jwtSecret,
    JOB_LOCK_SECONDS: String(config.bus.lockSeconds),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

/**
 * A worker role in a process of its own (test/fixtures/worker.mjs over the built tree), so a test
 * can freeze it (SIGSTOP: an event loop blocked for as long as the test likes), thaw it, kill it
 * with SIGKILL (no shutdown hooks, locks left to lapse) or stop it gracefully.
 */
export class WorkerProcess {
  private exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(config: ResolvedAppConfig, extra: Record<string, string> = {}): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['test/fixtures/worker.mjs'], { env: deploymentEnv(config, extra), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready\n')) resolve();
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`worker exited before it was ready (${code ?? signal})`)));
    });
    return new WorkerProcess(child);
  }

  freeze(): void {
    this.child.kill('SIGSTOP');
  }

  thaw(): void {
    this.child.kill('SIGCONT');
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the worker finishes (or gives up) the jobs it holds, then exits. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** One line of counts a fault test prints, so CI's log shows what each fault cost. */
export function report(name: string, counts: Record<string, number | string>): void {
  const line = Object.entries(counts)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  process.stderr.write(`[fault] ${name}: ${line}\n`);
}

export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, explain?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
