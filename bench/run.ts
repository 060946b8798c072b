import 'reflect-metadata';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DnsServer } from '../test/utils/dns-server.js';
import { benchEnvironment } from './bench-environment.js';
import { assertOpenFiles } from './lib/crowd.js';
import { waitIdle } from './lib/machine.js';
import { Inspector, RedisStats, StatementStats, summarise, writeProfile } from './lib/profile.js';
import { buildDir, freePort, processRss, startServer } from './lib/server-process.js';
import { median, range } from './lib/stats.js';
import * as paths from './paths.js';

/**
 * `npm run bench`: Ieum built and started as its own process (all roles, its own database and
 * queue prefix), and each path run against it and against its baselines in turn, alternating,
 * each run after a check that the machine is idle. Prints one table and writes bench/results/.
 */
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string' },
    only: { type: 'string', multiple: true },
    quick: { type: 'boolean' },
    profile: { type: 'boolean' },
  },
});
const quick = args.quick ?? false;
/** CPU profile, SQL statements and Redis commands of every Ieum run (bench/lib/profile.ts). */
const profiling = args.profile ?? false;
const runs = Number(args.runs ?? (quick ? 1 : 5));
const sizes = quick ? paths.QUICK : paths.FULL;
const PATHS = ['fanout', 'storage', 'commands', 'reminders', 'mail', 'crowd'] as const;
type PathName = (typeof PATHS)[number];
const only = new Set((args.only ?? [...PATHS]).flatMap((o) => o.split(',')));
for (const name of only)
  if (!(PATHS as readonly string[]).includes(name))
    throw new Error(`--only ${name}: the paths are ${PATHS.join(', ')}`);

/** A measured quantity: which metric of which side against which baseline, and which way is better. */
interface Row {
  path: PathName;
  label: string;
  metric: string;
  baseline: string;
  /** 'lower': latency (ratio ieum/baseline); 'higher': a rate (ratio ieum/baseline). */
  better: 'lower' | 'higher';
  baselineMetric?: string;
  /**
   * Only each side's first run counts: a process keeps the memory the first crowd's sockets took
   * and reuses it for the next, so later runs see almost no growth.
   */
  firstRunOnly?: boolean;
}
const ROWS: Row[] = [
  { path: 'fanout', label: 'send → last of 100, p99 (ms)', metric: 'p99', baseline: 'relay-batched', better: 'lower' },
  {
    path: 'fanout',
    label: 'send → last of 100, p99 vs unbatched relay',
    metric: 'p99',
    baseline: 'relay-unbatched',
    better: 'lower',
  },
  { path: 'fanout', label: 'send → last of 100, p50 (ms)', metric: 'p50', baseline: 'relay-batched', better: 'lower' },
  {
    path: 'storage',
    label: 'acknowledged msgs/s vs multi-row INSERT',
    metric: 'perSecond',
    baseline: 'insert-multi-row',
    better: 'higher',
  },
  {
    path: 'storage',
    label: 'acknowledged msgs/s vs single-row INSERT',
    metric: 'perSecond',
    baseline: 'insert-single-row',
    better: 'higher',
  },
  {
    path: 'storage',
    label: 'ack p99 (ms) vs single-row INSERT',
    metric: 'ackP99',
    baseline: 'insert-single-row',
    better: 'lower',
  },
  { path: 'storage', label: 'server RSS before run (MiB)', metric: 'rssBeforeMiB', baseline: '', better: 'lower' },
  { path: 'storage', label: 'server RSS after run (MiB)', metric: 'rssAfterMiB', baseline: '', better: 'lower' },
  {
    path: 'commands',
    label: '/remind → bot reply, p50 (ms)',
    metric: 'p50',
    baseline: 'bullmq-round-trip',
    better: 'lower',
  },
  {
    path: 'commands',
    label: '/remind → bot reply, p99 (ms)',
    metric: 'p99',
    baseline: 'bullmq-round-trip',
    better: 'lower',
  },
  {
    path: 'reminders',
    label: 'reminder lateness, p99 (ms)',
    metric: 'p99',
    baseline: 'bullmq-delayed',
    better: 'lower',
  },
  { path: 'reminders', label: 'reminders early (count)', metric: 'early', baseline: 'bullmq-delayed', better: 'lower' },
  { path: 'mail', label: 'mails accepted/s', metric: 'acceptedPerSecond', baseline: 'smtp-server', better: 'higher' },
  {
    path: 'mail',
    label: 'mails posted/s vs bare acceptance',
    metric: 'postedPerSecond',
    baseline: 'smtp-server',
    better: 'higher',
    baselineMetric: 'acceptedPerSecond',
  },
  {
    path: 'crowd',
    label: "send → last of the room's 49, p99 (ms)",
    metric: 'p99',
    baseline: 'bare-socketio',
    better: 'lower',
  },
  {
    path: 'crowd',
    label: "send → last of the room's 49, p50 (ms)",
    metric: 'p50',
    baseline: 'bare-socketio',
    better: 'lower',
  },
  {
    path: 'crowd',
    label: 'server memory per idle socket (KiB, first run)',
    metric: 'idleSocketKiB',
    baseline: 'bare-socketio',
    better: 'lower',
    firstRunOnly: true,
  },
];

/** What one unit of each path is, and how many a run has (for statements and commands per unit). */
const UNITS: Record<PathName, (s: paths.Sizes) => [string, number]> = {
  fanout: (s) => ['message', s.fanoutMessages + Math.round(s.fanoutMessages / 10)],
  storage: (s) => ['message', paths.SENDERS * s.storagePerSender],
  commands: (s) => ['command', s.commands],
  reminders: (s) => ['reminder', s.reminders],
  mail: (s) => ['mail', s.mails],
  crowd: (s) => ['message', paths.CROWD_RATE * s.crowdSeconds],
};

/** The three probes of `--profile`, around one Ieum run. */
class Profiler {
  private readonly stamp = new Date().toISOString().replace(/[:.]/g, '-');

  private constructor(
    private readonly inspector: Inspector,
    private readonly sql: StatementStats,
    private readonly redis: RedisStats,
  ) {}

  static async open(inspectPort: number, databaseUrl: string, redisUrl: string): Promise<Profiler> {
    const [inspector, sql] = await Promise.all([Inspector.connect(inspectPort), StatementStats.open(databaseUrl)]);
    if (!sql.available)
      process.stdout.write(`  note: ${sql.reason}; statements are not counted (see bench/README.md)\n`);
    return new Profiler(inspector, sql, new RedisStats(redisUrl));
  }

  async around(
    name: PathName,
    run: number,
    [unit, units]: [string, number],
    work: () => Promise<paths.RunResult>,
  ): Promise<paths.RunResult> {
    const memoryBefore = await this.inspector.memoryAfterGc();
    await Promise.all([this.sql.reset(), this.redis.reset()]);
    await this.inspector.start();
    let result: paths.RunResult;
    try {
      result = await work();
    } finally {
      const profile = await this.inspector.stop();
      const [statements, commands] = await Promise.all([this.sql.read(), this.redis.read()]);
      // A moment for the run's sockets to close and their timers to end before what is left is weighed.
      await new Promise((r) => setTimeout(r, 2000));
      const memoryAfter = await this.inspector.memoryAfterGc();
      await writeProfile(path.join(process.cwd(), 'bench/results/profiles'), this.stamp, profile, {
        path: name,
        run,
        unit,
        units,
        cpu: summarise(profile),
        memory: { before: memoryBefore, after: memoryAfter },
        sql: {
          ...statements,
          perUnit: statements.statements / units,
          ...(this.sql.available ? {} : { note: this.sql.reason }),
        },
        redis: { ...commands, perUnit: commands.commands / units },
      });
    }
    return result;
  }

  async close(): Promise<void> {
    this.inspector.close();
    await Promise.all([this.sql.close(), this.redis.close()]);
  }
}

type Runs = Record<string, Array<paths.RunResult & { load1: number; cpuBusy: number; idle: boolean }>>;

async function baselineProcess(
  kind: string,
  env: { redisUrl: string; databaseUrl: string; prefix: string },
): Promise<{ port: number; child: ChildProcess; pid: number }> {
  const child = fork(path.join(buildDir, 'bench/lib/baseline-servers.js'), [kind, JSON.stringify(env)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`baseline ${kind} exited with ${String(code)}`)));
  });
  return { port, child, pid: child.pid ?? 0 };
}

async function main(): Promise<void> {
  process.env['JWT_SECRET'] ??= 'bench-secret-not-for-production-0123456789';
  process.env['ACCESS_TOKEN_TTL_SECONDS'] = '86400';
  const dns = await DnsServer.start();
  const env = await benchEnvironment(new Set(['api', 'worker', 'smtp']), 20, (c) => ({
    ...c,
    mail: { ...c.mail, domain: 'ieum.bench' },
  }));
  const { config } = env;
  const children: ChildProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const results: Record<string, Runs> = {};
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const cleanup = async () => {
    for (const close of cleanups.splice(0)) await close();
    children.forEach((c) => c.kill());
    await server?.stop();
    await dns.close();
    await env.close();
  };
  // Interrupted, the server and the baselines stop and the bench's database goes with them.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    process.stdout.write(
      `bench: ${quick ? 'quick, ' : ''}${runs} run(s) each of ${[...only].join(', ')} on ${os.cpus().length} cores\n`,
    );
    // Said before anything is made, rather than after the fixture and the server have started.
    if (only.has('crowd')) await assertOpenFiles(sizes.crowdPeople);
    const fixture = await paths.makeFixture(config, only.has('crowd') ? sizes.crowdPeople : 0);
    const inspectPort = profiling ? await freePort() : 0;
    // The program as an operator runs it, with the settings the mail path needs: the loopback DNS
    // server (sender authentication makes real lookups that fail at once, not time out), and no
    // per-sender cap in the way of 1,000 mails from 20 senders.
    server = await startServer(
      config.database.url,
      config.redis.url,
      config.bus.prefix,
      {
        JWT_SECRET: process.env['JWT_SECRET'] ?? '',
        ACCESS_TOKEN_TTL_SECONDS: '86400',
        MAIL_DOMAIN: 'ieum.bench',
        MAIL_SENDER_PER_HOUR: '100000',
        MAIL_DNS_SERVERS: dns.address,
        DATABASE_POOL_SIZE: '20',
      },
      undefined,
      profiling ? [`--inspect=127.0.0.1:${inspectPort}`] : [],
    );
    const profiler = profiling ? await Profiler.open(inspectPort, config.database.url, config.redis.url) : null;
    if (profiler) cleanups.push(() => profiler.close());
    const baseEnv = { redisUrl: config.redis.url, databaseUrl: config.database.url, prefix: `${config.bus.prefix}b` };
    const pids = new Map<string, number>();
    const base = async (kind: string) => {
      const b = await baselineProcess(kind, baseEnv);
      children.push(b.child);
      pids.set(kind, b.pid);
      return `http://127.0.0.1:${b.port}`;
    };
    const relayBatched = only.has('fanout') ? await base('relay-batched') : '';
    const relayUnbatched = only.has('fanout') ? await base('relay-unbatched') : '';
    const bareCommands = only.has('commands') || only.has('reminders') ? await base('commands') : '';
    const bareSmtp = only.has('mail') ? Number(new URL(await base('smtp')).port) : 0;
    const bareSocketio = only.has('crowd') ? await base('bare-socketio') : '';
    // The same rooms on both sides: Ieum's members by token, the bare server's by the room's name.
    const crowdIeum = fixture.crowd.map((r) => ({ roomId: r.roomId, auths: r.tokens.map((token) => ({ token })) }));
    const crowdBare = fixture.crowd.map((r) => ({ roomId: r.roomId, auths: r.tokens.map(() => ({ room: r.roomId })) }));
    const ieum = server;
    const sides: Record<PathName, Record<string, () => Promise<paths.RunResult>>> = {
      fanout: {
        ieum: () => paths.fanout(ieum.url, fixture.fanout.tokens, fixture.fanout.roomId, sizes),
        'relay-batched': () => paths.fanout(relayBatched, fixture.fanout.tokens, 'room', sizes),
        'relay-unbatched': () => paths.fanout(relayUnbatched, fixture.fanout.tokens, 'room', sizes),
      },
      storage: {
        ieum: () => paths.storage(ieum.url, fixture.storage, sizes, () => ieum.rss()),
        'insert-single-row': () => paths.rawInserts(config.database.url, sizes, false),
        'insert-multi-row': () => paths.rawInserts(config.database.url, sizes, true),
      },
      commands: {
        ieum: () => paths.commands(ieum.url, fixture.commands, sizes),
        'bullmq-round-trip': () => paths.commandsBare(bareCommands, sizes),
      },
      reminders: {
        ieum: () => paths.reminders(ieum.url, config.database.url, fixture.commands, sizes),
        'bullmq-delayed': () => paths.commandsBare(bareCommands, sizes, 10_000),
      },
      mail: {
        ieum: () =>
          paths.mail(ieum.smtpPort, fixture.mail.address, sizes, { url: ieum.url, token: fixture.mail.token }),
        'smtp-server': () => paths.mail(bareSmtp, fixture.mail.address, sizes),
      },
      crowd: {
        ieum: () => paths.crowd(ieum.url, crowdIeum, sizes, () => ieum.rss()),
        'bare-socketio': () =>
          paths.crowd(bareSocketio, crowdBare, sizes, () => processRss(pids.get('bare-socketio') ?? 0)),
      },
    };
    for (const name of PATHS.filter((p) => only.has(p))) {
      const runsOf: Runs = (results[name] = {});
      for (let i = 0; i < runs; i++) {
        // Alternating: Ieum, then each baseline, run after run.
        for (const [side, run] of Object.entries(sides[name])) {
          const machine = await waitIdle(0.25, quick ? 5000 : 10_000);
          if (!machine.idle)
            process.stdout.write(
              `  warning: machine busy before ${name}/${side} run ${i + 1} (${Math.round(machine.cpuBusy * 100)} % CPU, load ${machine.load1.toFixed(2)})\n`,
            );
          const measured =
            profiler && side === 'ieum' ? () => profiler.around(name, i + 1, UNITS[name](sizes), run) : run;
          const result = await measured().catch((error: unknown): paths.RunResult => {
            process.stderr.write(`  ${name}/${side} run ${i + 1} failed: ${String(error)}\n`);
            return { metrics: {}, lost: 0, doubled: 0, errors: 1 };
          });
          (runsOf[side] ??= []).push({ ...result, load1: machine.load1, cpuBusy: machine.cpuBusy, idle: machine.idle });
          process.stdout.write(
            `  ${name}/${side} run ${i + 1}: ${Object.entries(result.metrics)
              .map(([k, v]) => `${k} ${v.toFixed(1)}`)
              .join(', ')}; lost ${result.lost}, doubled ${result.doubled}, errors ${result.errors}\n`,
          );
        }
      }
    }
  } finally {
    await cleanup();
  }
  await report(results);
}

interface TableLine {
  path: string;
  label: string;
  ieum: [number, number, number];
  baseline: [number, number, number] | null;
  baselineName: string;
  ratio: number;
  lost: number;
  doubled: number;
  errors: number;
}

async function report(results: Record<string, Runs>): Promise<void> {
  const lines: TableLine[] = [];
  for (const row of ROWS) {
    const runsOf = results[row.path];
    if (!runsOf?.['ieum']) continue;
    const values = (side: string, metric: string) =>
      (runsOf[side] ?? []).slice(0, row.firstRunOnly ? 1 : undefined).map((r) => r.metrics[metric] ?? Number.NaN);
    const stat = (v: number[]): [number, number, number] => [median(v), ...range(v)];
    const ieum = stat(values('ieum', row.metric));
    const baseline = row.baseline ? stat(values(row.baseline, row.baselineMetric ?? row.metric)) : null;
    const count = (key: 'lost' | 'doubled' | 'errors') => (runsOf['ieum'] ?? []).reduce((a, r) => a + r[key], 0);
    lines.push({
      path: row.path,
      label: row.label,
      ieum,
      baseline,
      baselineName: row.baseline,
      ratio: baseline ? ieum[0] / baseline[0] : Number.NaN,
      lost: count('lost'),
      doubled: count('doubled'),
      errors: count('errors'),
    });
  }
  const fmt = (n: number) => (Number.isNaN(n) ? '-' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1));
  const cell = (s: [number, number, number] | null) => (s ? `${fmt(s[0])} (${fmt(s[1])}-${fmt(s[2])})` : '');
  const baselineCounts = (p: string) =>
    Object.entries(results[p] ?? {})
      .filter(([side]) => side !== 'ieum')
      .map(
        ([side, rs]) =>
          `${side} ${rs.reduce((a, r) => a + r.lost, 0)}/${rs.reduce((a, r) => a + r.doubled, 0)}/${rs.reduce((a, r) => a + r.errors, 0)}`,
      )
      .join(', ');
  const table = [
    '| path | measure | Ieum median (range) | baseline | baseline median (range) | ratio | lost | doubled | errors |',
    '|---|---|---|---|---|---|---|---|---|',
    ...lines.map(
      (l) =>
        `| ${l.path} | ${l.label} | ${cell(l.ieum)} | ${l.baselineName} | ${cell(l.baseline)} | ${Number.isFinite(l.ratio) ? l.ratio.toPrecision(2) : '-'} | ${l.lost} | ${l.doubled} | ${l.errors} |`,
    ),
  ];
  process.stdout.write(
    `\n${table.join('\n')}\n\nbaselines lost/doubled/errors: ${[...new Set(lines.map((l) => l.path))].map((p) => `${p}: ${baselineCounts(p)}`).join('; ')}\n`,
  );
  process.stdout.write("lost: never delivered within the run's timeout, counted in the percentiles as that timeout.\n");

  const dir = path.join(process.cwd(), 'bench/results');
  await mkdir(dir, { recursive: true });
  const previous = (await readdir(dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .pop();
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  })();
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        commit,
        quick,
        runs,
        sizes,
        cores: os.cpus().length,
        loadavg: os.loadavg(),
        lines,
        results,
      },
      null,
      1,
    ),
  );
  process.stdout.write(`results: ${path.relative(process.cwd(), file)}\n`);
  if (!previous) return;
  const before = JSON.parse(await readFile(path.join(dir, previous), 'utf8')) as { quick: boolean; lines: TableLine[] };
  if (before.quick !== quick)
    process.stdout.write(
      `(the last recorded run, ${previous}, was ${before.quick ? 'quick' : 'full'}: its ratios are compared all the same)\n`,
    );
  for (const line of lines) {
    const old = before.lines.find((l) => l.path === line.path && l.label === line.label);
    const [a, b] = old?.baseline ? [old.ratio, line.ratio] : [old?.ieum[0], line.ieum[0]];
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a === 0) continue;
    const moved = (b - a) / Math.abs(a);
    if (Math.abs(moved) > 0.1)
      process.stdout.write(
        `moved > 10 % since ${previous}: ${line.path} / ${line.label}: ${fmt(a)} → ${fmt(b)} (${moved > 0 ? '+' : ''}${(moved * 100).toFixed(0)} %)\n`,
      );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
