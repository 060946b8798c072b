import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

/**
 * `npm run bench -- --profile`: what the server spends an Ieum run on. The server runs with
 * `--inspect` on loopback; around each Ieum run the bench starts and stops V8's sampling profiler
 * through the inspector's WebSocket, resets and reads `pg_stat_statements` (when the database has
 * it loaded) and Redis's command statistics, and writes what it found under bench/results/profiles/.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One inspector session on the server process (Node's global WebSocket, no extra package). */
export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  static async connect(inspectPort: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error('the server has no inspector target');
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('could not reach the server inspector')), { once: true });
    });
    const inspector = new Inspector(socket);
    await inspector.call('Profiler.enable');
    // 250 µs: fine enough for sub-millisecond handlers, coarse enough to leave the run's figures alone.
    await inspector.call('Profiler.setSamplingInterval', { interval: 250 });
    return inspector;
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  async start(): Promise<void> {
    await this.call('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    return (await this.call<{ profile: CpuProfile }>('Profiler.stop')).profile;
  }

  /** The server's memory after a full garbage collection: what it still holds, apart from what the allocator keeps. */
  async memoryAfterGc(): Promise<{ heapUsedMiB: number; rssMiB: number; externalMiB: number }> {
    await this.call('HeapProfiler.collectGarbage');
    const { result } = await this.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const m = JSON.parse(result.value) as { heapUsed: number; rss: number; external: number };
    const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
    return { heapUsedMiB: mib(m.heapUsed), rssMiB: mib(m.rss), externalMiB: mib(m.external) };
  }

  close(): void {
    this.socket.close();
  }
}

export interface ProfileSummary {
  /** Wall time of the profile, ms. */
  durationMs: number;
  /** Share of samples in which the main thread ran JavaScript or native work (not idle). */
  busyShare: number;
  /** Self time by category: the server's own code by folder, each package, Node's internals, GC. */
  byCategory: Array<{ name: string; ms: number; share: number }>;
  /** Self time by function, the heaviest first. */
  byFunction: Array<{ name: string; ms: number; share: number }>;
}

function category(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0] ?? ''}`;
  const own = /\/dist\/((?:src|bots|connectors)\/[^/]+)/.exec(url);
  if (own) return `ieum ${own[1]}`;
  return url;
}

/** Self time per function and per category, from the samples (each sample's time goes to its leaf). */
export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // The first delta runs from the profiler's start to its first sample, whatever ran in between: left out.
  const deltas = profile.timeDeltas.map((d, i) => (i === 0 ? 0 : Math.max(d, 0)));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const total = deltas.reduce((a, b) => a + b, 0);
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') idle += us;
    const cat = category(frame);
    categories.set(cat, (categories.get(cat) ?? 0) + us);
    const where = frame.url ? `${frame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || 'anonymous'} ${where}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: Math.round((us / total) * 1000) / 1000 }));
  return {
    durationMs: Math.round(total / 1000),
    busyShare: total ? Math.round((1 - idle / total) * 1000) / 1000 : 0,
    byCategory: rank(categories),
    byFunction: rank(functions),
  };
}

export interface StatementStat {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

/** `pg_stat_statements` of the bench database, when the server has it loaded; otherwise null and a reason. */
export class StatementStats {
  private constructor(
    private readonly client: pg.Client,
    readonly available: boolean,
    readonly reason: string,
  ) {}

  static async open(databaseUrl: string): Promise<StatementStats> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const loaded =
      (await client.query<{ s: string }>("SELECT current_setting('shared_preload_libraries') AS s")).rows[0]?.s ?? '';
    if (!loaded.includes('pg_stat_statements'))
      return new StatementStats(
        client,
        false,
        'pg_stat_statements is not in shared_preload_libraries of this PostgreSQL',
      );
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return new StatementStats(client, true, '');
  }

  async reset(): Promise<void> {
    if (this.available) await this.client.query('SELECT pg_stat_statements_reset()');
  }

  /** Statements of the server (application_name is not kept by the view, so the bench's own few show too). */
  async read(top = 60): Promise<{ statements: number; totalMs: number; heaviest: StatementStat[] }> {
    if (!this.available) return { statements: 0, totalMs: 0, heaviest: [] };
    const { rows } = await this.client.query<{
      query: string;
      calls: string;
      total: number;
      mean: number;
      rows: string;
    }>(
      `SELECT s.query, s.calls, s.total_exec_time AS total, s.mean_exec_time AS mean, s.rows
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat_statements%'
        ORDER BY s.total_exec_time DESC`,
    );
    const heaviest = rows.slice(0, top).map((r) => ({
      query: r.query.replace(/\s+/g, ' ').slice(0, 240),
      calls: Number(r.calls),
      totalMs: Math.round(r.total * 10) / 10,
      meanMs: Math.round(r.mean * 1000) / 1000,
      rows: Number(r.rows),
    }));
    return {
      statements: rows.reduce((a, r) => a + Number(r.calls), 0),
      totalMs: Math.round(rows.reduce((a, r) => a + r.total, 0)),
      heaviest,
    };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** Redis commands by name (`INFO commandstats`), reset before a run. */
export class RedisStats {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  }

  async reset(): Promise<void> {
    await this.redis.config('RESETSTAT');
  }

  async read(): Promise<{ commands: number; byCommand: Record<string, number> }> {
    const info = await this.redis.info('commandstats');
    const byCommand: Record<string, number> = {};
    for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
      if (m[1] !== 'config' && m[1] !== 'info') byCommand[m[1] ?? ''] = Number(m[2]);
    return {
      commands: Object.values(byCommand).reduce((a, b) => a + b, 0),
      byCommand: Object.fromEntries(Object.entries(byCommand).sort((a, b) => b[1] - a[1])),
    };
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

export interface RunProfile {
  path: string;
  run: number;
  /** What one unit of the run is (a message sent, a command, a mail) and how many there were. */
  unit: string;
  units: number;
  cpu: ProfileSummary;
  /** After a full GC, just before the run and once it is over. */
  memory: {
    before: { heapUsedMiB: number; rssMiB: number; externalMiB: number };
    after: { heapUsedMiB: number; rssMiB: number; externalMiB: number };
  };
  sql: { statements: number; perUnit: number; totalMs: number; heaviest: StatementStat[]; note?: string };
  redis: { commands: number; perUnit: number; byCommand: Record<string, number> };
}

/** Writes the raw profile (for Chrome's DevTools or speedscope) and the summary, and prints the summary's head. */
export async function writeProfile(dir: string, stamp: string, profile: CpuProfile, result: RunProfile): Promise<void> {
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${stamp}-${result.path}-run${result.run}`);
  await writeFile(`${base}.cpuprofile`, JSON.stringify(profile));
  await writeFile(`${base}.json`, JSON.stringify(result, null, 1));
  const pct = (s: number) => `${(s * 100).toFixed(1)} %`;
  const lines = [
    `  profile ${result.path} run ${result.run}: ${result.units} ${result.unit}, main thread busy ${pct(result.cpu.busyShare)} of ${result.cpu.durationMs} ms`,
    `    memory after a full GC, before → after the run: heap ${result.memory.before.heapUsedMiB} → ${result.memory.after.heapUsedMiB} MiB, RSS ${result.memory.before.rssMiB} → ${result.memory.after.rssMiB} MiB`,
    `    SQL: ${result.sql.statements} statements (${result.sql.perUnit.toFixed(2)} per ${result.unit}), ${result.sql.totalMs} ms in PostgreSQL${result.sql.note ? ` (${result.sql.note})` : ''}`,
    `    Redis: ${result.redis.commands} commands (${result.redis.perUnit.toFixed(2)} per ${result.unit}): ${Object.entries(
      result.redis.byCommand,
    )
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `    self time by category: ${result.cpu.byCategory
      .slice(0, 10)
      .map((c) => `${c.name} ${pct(c.share)}`)
      .join('; ')}`,
    `    heaviest functions: ${result.cpu.byFunction
      .slice(0, 8)
      .map((c) => `${c.name} ${pct(c.share)}`)
      .join('; ')}`,
    ...result.sql.heaviest.slice(0, 5).map((s) => `    sql ${s.calls}× mean ${s.meanMs} ms: ${s.query.slice(0, 140)}`),
    `    written: ${path.relative(process.cwd(), base)}.{cpuprofile,json}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
