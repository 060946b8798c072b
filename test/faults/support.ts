import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/bootstrap/embedded-services.js';
import type { ResolvedAppConfig, Role } from '../../src/config/app-config.js';

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
    const child = spawn(process.execPath, ['test/fixtures/worker.mjs'], {
      env: deploymentEnv(config, extra),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
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

/**
 * One node of a deployment: the built program (`dist/src/main.js`, what `npm start` runs) with
 * one role, as an OS process of its own. It is ready once it answers `/ready`: an api node on
 * PORT, a worker or the SMTP ingress on METRICS_PORT.
 */
export class NodeProcess {
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly role: Role,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(config: ResolvedAppConfig, role: Role, extra: Record<string, string> = {}): Promise<NodeProcess> {
    const port = await freePort();
    const env = deploymentEnv(config, {
      IEUM_ROLES: role,
      HOST: '127.0.0.1',
      ...(role === 'api' ? { PORT: String(port) } : { METRICS_PORT: String(port) }),
      ...(role === 'smtp' ? { SMTP_PORT: String(await freePort()) } : {}),
      DATABASE_POOL_SIZE: String(config.database.poolSize),
      LOG_FORMAT: 'json',
      ...extra,
    });
    const node = new NodeProcess(
      role,
      port,
      spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    await until(
      async () => {
        if (node.child.exitCode !== null || node.child.signalCode !== null)
          throw new Error(`the ${role} node exited before it was ready:\n${node.output}`);
        return (await fetch(`${node.url}/ready`).then(
          (r) => r.ok,
          () => false,
        ))
          ? true
          : undefined;
      },
      90_000,
      `the ${role} node to answer /ready`,
      () => Promise.resolve(node.output),
    );
    return node;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** What the process printed last, for a failure's message. */
  get printed(): string {
    return this.output;
  }

  /** SIGKILL: no shutdown hooks, sockets cut, locks left to lapse. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the node drains (a worker finishes the jobs it holds) and exits; its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return (await this.exited).code;
  }
}

/** One line of counts a fault test prints, so CI's log shows what each fault cost. */
export function report(name: string, counts: Record<string, number | string>): void {
  const line = Object.entries(counts)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  process.stderr.write(`[fault] ${name}: ${line}\n`);
}

export async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  explain?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
