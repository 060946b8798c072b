import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ResolvedAppConfig } from '../src/config/app-config.js';
import { createApp } from '../src/app.factory.js';
import { AccessTokenService } from '../src/identity/access-token.service.js';
import { DirectoryService } from '../src/identity/directory.service.js';
import { AgencyKind, UserKind, UserRole } from '../src/identity/identity.types.js';
import { MailIngressService } from '../src/mail-ingress/mail-ingress.service.js';
import { RoomKind } from '../src/messenger/messenger.types.js';
import { RoomService } from '../src/messenger/room.service.js';
import { measureCrowd } from './lib/crowd.js';
import { measureFanout } from './lib/fanout.js';
import { sendMails, type MailTiming } from './lib/mail.js';
import { connect, connectAll, onMessages, sleep } from './lib/sockets.js';
import { percentile } from './lib/stats.js';

/** Sizes of one run of each path; `--quick` uses the small ones. */
export interface Sizes {
  fanoutMessages: number;
  storagePerSender: number;
  commands: number;
  reminders: number;
  mails: number;
  /** People connected at once on the crowd path, in rooms of CROWD_ROOM_SIZE, and how long it sends for. */
  crowdPeople: number;
  crowdSeconds: number;
}
export const FULL: Sizes = {
  fanoutMessages: 2000,
  storagePerSender: 25,
  commands: 200,
  reminders: 100,
  mails: 1000,
  crowdPeople: 5000,
  crowdSeconds: 20,
};
export const QUICK: Sizes = {
  fanoutMessages: 300,
  storagePerSender: 5,
  commands: 40,
  reminders: 20,
  mails: 100,
  crowdPeople: 500,
  crowdSeconds: 5,
};
export const SUBSCRIBERS = 100;
export const FANOUT_RATE = 500;
export const SENDERS = 200;
export const ROOMS = 100;
export const COMMAND_USERS = 20;
export const COMMAND_RATE = 20;
export const CROWD_ROOM_SIZE = 50;
export const CROWD_RATE = 50;

/** One run's figures; `lost`, `doubled` and `errors` are counts, the rest named metrics. */
export interface RunResult {
  metrics: Record<string, number>;
  lost: number;
  doubled: number;
  errors: number;
}

/** The people, rooms and tokens the runs use, made once on the bench's database. */
export interface Fixture {
  fanout: { tokens: string[]; roomId: string };
  storage: { tokens: string[]; roomIds: string[] };
  commands: { tokens: string[]; roomId: string; roomName: string; watcherToken: string };
  mail: { address: string; token: string };
  /** Empty unless the crowd path runs: its rooms, each with one token per member. */
  crowd: Array<{ roomId: string; tokens: string[] }>;
}

/**
 * Made through the services in this process (api role, not listening), then closed before any run;
 * the crowd's `crowdPeople` people (none unless the crowd path runs) are written in one INSERT.
 */
export async function makeFixture(config: ResolvedAppConfig, crowdPeople = 0): Promise<Fixture> {
  const app = await createApp({ ...config, roles: new Set(['api']) });
  try {
    // Modules register their access policies when the application initialises.
    await app.init();
    const directory = app.get(DirectoryService);
    const tokens = app.get(AccessTokenService);
    const rooms = app.get(RoomService);
    const agency = await directory.createAgency({
      code: '1741000',
      name: '행정안전부',
      kind: AgencyKind.CentralMinistry,
    });
    const people = async (prefix: string, n: number) => {
      const users = [];
      for (let i = 0; i < n; i++)
        users.push(
          await directory.createUser({
            login: `${prefix}.${i}`,
            displayName: `${prefix}${i}`,
            agencyCode: agency.code,
            roles: ['member'],
          }),
        );
      return users;
    };
    const tokenOf = async (u: Awaited<ReturnType<typeof people>>[number]) => (await tokens.issue(u)).token;
    const group = async (
      owner: Awaited<ReturnType<typeof people>>[number],
      name: string,
      members: Array<{ id: string }>,
    ) =>
      rooms.create(await tokens.verify(await tokenOf(owner)), {
        kind: RoomKind.Group,
        name,
        userIds: members.map((m) => m.id),
      });

    const fan = await people('fan', SUBSCRIBERS + 1);
    const fanRoom = await group(fan[0], '벤치 팬아웃', fan.slice(1));
    const senders = await people('send', SENDERS);
    const roomIds: string[] = [];
    for (let r = 0; r < ROOMS; r++)
      roomIds.push(
        (
          await group(
            senders[r],
            `벤치 저장 ${r}`,
            senders.filter((_, i) => i % ROOMS === r && i !== r),
          )
        ).id,
      );
    const storageRooms = senders.map((_, i) => roomIds[i % ROOMS]);
    const cmd = await people('cmd', COMMAND_USERS + 1);
    const roomName = 'benchcommands';
    const cmdRoom = await group(cmd[0], roomName, cmd.slice(1));
    const mailUser = (await people('mail', 1))[0];
    const mailToken = await tokenOf(mailUser);
    const mailRoom = await group(mailUser, '메일 수신함', []);
    const { address } = await app.get(MailIngressService).address(await tokens.verify(mailToken), mailRoom.id);
    const crowdStart = performance.now();
    const crowd = await crowdRooms(config.database.url, agency.id, crowdPeople, tokens, rooms);
    if (crowdPeople)
      process.stdout.write(
        `  crowd fixture: ${crowdPeople} people in ${crowd.length} rooms in ${((performance.now() - crowdStart) / 1000).toFixed(1)} s\n`,
      );
    return {
      crowd,
      fanout: { tokens: await Promise.all(fan.map(tokenOf)), roomId: fanRoom.id },
      storage: { tokens: await Promise.all(senders.map(tokenOf)), roomIds: storageRooms },
      commands: {
        tokens: await Promise.all(cmd.slice(1).map(tokenOf)),
        roomId: cmdRoom.id,
        roomName,
        watcherToken: await tokenOf(cmd[0]),
      },
      mail: { address, token: mailToken },
    };
  } finally {
    await app.close();
  }
}

/**
 * `people` staff of the agency written in one INSERT (through DirectoryService each would be a
 * transaction of its own with an audit row and a directory event, and the server would have 5,000
 * directory jobs to work through during the run), then rooms of
 * CROWD_ROOM_SIZE created through RoomService, ten at a time, and a token for each member.
 */
async function crowdRooms(
  databaseUrl: string,
  agencyId: string,
  people: number,
  tokens: AccessTokenService,
  rooms: RoomService,
): Promise<Fixture['crowd']> {
  if (people === 0) return [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let users: Array<{ id: string; kind: UserKind; agencyId: string; roles: UserRole[] }>;
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (kind, login, display_name, agency_id, roles)
       SELECT 'staff', 'crowd.' || i, '군중' || i, $1, '{member}' FROM generate_series(0, $2::int - 1) AS i ORDER BY i RETURNING id`,
      [agencyId, people],
    );
    users = rows.map((row) => ({ id: row.id, kind: UserKind.Staff, agencyId, roles: [UserRole.Member] }));
  } finally {
    await client.end();
  }
  const memberTokens = await Promise.all(users.map(async (u) => (await tokens.issue(u)).token));
  const groups = Array.from({ length: Math.ceil(people / CROWD_ROOM_SIZE) }, (_, r) => ({
    users: users.slice(r * CROWD_ROOM_SIZE, (r + 1) * CROWD_ROOM_SIZE),
    tokens: memberTokens.slice(r * CROWD_ROOM_SIZE, (r + 1) * CROWD_ROOM_SIZE),
  }));
  const made: Fixture['crowd'] = [];
  for (let g = 0; g < groups.length; g += 10) {
    made.push(
      ...(await Promise.all(
        groups.slice(g, g + 10).map(async (group, k) => {
          const room = await rooms.create(await tokens.verify(group.tokens[0] ?? ''), {
            kind: RoomKind.Group,
            name: `벤치 군중 ${g + k}`,
            userIds: group.users.slice(1).map((u) => u.id),
          });
          return { roomId: room.id, tokens: group.tokens };
        }),
      )),
    );
  }
  return made;
}

/** 5,000 people connected (by default) in rooms of 50; see lib/crowd.ts. */
export async function crowd(
  url: string,
  rooms: Array<{ roomId: string; auths: Array<Record<string, string>> }>,
  sizes: Sizes,
  rss: () => Promise<number>,
): Promise<RunResult> {
  return measureCrowd(url, rooms, { rate: CROWD_RATE, seconds: sizes.crowdSeconds }, rss);
}

export async function fanout(url: string, tokens: string[], roomId: string, sizes: Sizes): Promise<RunResult> {
  const r = await measureFanout(
    { url, tokens, roomId },
    { rate: FANOUT_RATE, warmup: Math.round(sizes.fanoutMessages / 10), messages: sizes.fanoutMessages },
  );
  return { metrics: { p50: r.p50, p99: r.p99, ackP99: r.ackP99 }, lost: r.lost, doubled: r.doubled, errors: r.errors };
}

/**
 * 200 senders over 100 rooms, each sending its messages one after another (the next once the last
 * was acknowledged, that is committed). A send with no answer within 10 s is lost and counts as
 * 10 s in the ack percentiles.
 */
export async function storage(
  url: string,
  fixture: Fixture['storage'],
  sizes: Sizes,
  rss: () => Promise<number>,
): Promise<RunResult> {
  const sockets = await connectAll(url, fixture.tokens);
  const rssBefore = await rss();
  const acks: number[] = [];
  let lost = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    sockets.map(async (socket, s) => {
      for (let i = 0; i < sizes.storagePerSender; i++) {
        const sent = performance.now();
        const reply = await new Promise<{ ok?: boolean } | null>((resolve) => {
          const timer = setTimeout(() => resolve(null), 10_000);
          socket.emit(
            'message.send',
            { roomId: fixture.roomIds[s], clientMessageId: `s-${randomUUID()}`, body: `저장 ${s}-${i}` },
            (r: { ok?: boolean }) => (clearTimeout(timer), resolve(r)),
          );
        });
        if (reply === null) lost++;
        else if (reply.ok === false) errors++;
        else acks.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  sockets.forEach((s) => s.disconnect());
  await sleep(2000);
  const rssAfter = await rss();
  return {
    metrics: {
      perSecond: acks.length / seconds,
      ackP50: percentile(acks, 50, lost, 10_000),
      ackP99: percentile(acks, 99, lost, 10_000),
      rssBeforeMiB: rssBefore / 2 ** 20,
      rssAfterMiB: rssAfter / 2 ** 20,
    },
    lost,
    doubled: 0,
    errors,
  };
}

/** The storage baselines on the same database: each row its own committed INSERT, and 200-row INSERTs (the ceiling). */
export async function rawInserts(databaseUrl: string, sizes: Sizes, multiRow: boolean): Promise<RunResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), room_id uuid NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  const rooms = Array.from({ length: ROOMS }, () => randomUUID());
  const total = SENDERS * sizes.storagePerSender;
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const timed = async (sql: string, values: unknown[], rows: number) => {
    const t = performance.now();
    await pool.query(sql, values).then(
      () => latencies.push(...Array.from({ length: rows }, () => performance.now() - t)),
      () => void (errors += rows),
    );
  };
  if (multiRow) {
    for (let i = 0; i < sizes.storagePerSender; i++) {
      const values = Array.from({ length: SENDERS }, (_, s) => [rooms[s % ROOMS], `저장 ${s}-${i}`]).flat();
      await timed(
        `INSERT INTO bench_raw (room_id, body) VALUES ${Array.from({ length: SENDERS }, (_, s) => `($${2 * s + 1}, $${2 * s + 2})`).join(', ')}`,
        values,
        SENDERS,
      );
    }
  } else {
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, s) => {
        for (let i = 0; i < sizes.storagePerSender; i++)
          await timed('INSERT INTO bench_raw (room_id, body) VALUES ($1, $2)', [rooms[s % ROOMS], `저장 ${s}-${i}`], 1);
      }),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  await pool.end();
  return {
    metrics: {
      perSecond: latencies.length / seconds,
      ackP50: percentile(latencies, 50),
      ackP99: percentile(latencies, 99),
      rows: total,
    },
    lost: 0,
    doubled: 0,
    errors,
  };
}

/**
 * Sends `count` items at `rate`/s round the senders and waits for each one's answer on the
 * watcher's socket; `key(body)` finds the item an answer is for. Unanswered items are lost.
 */
async function roundTrips(
  watcher: import('socket.io-client').Socket,
  senders: Array<import('socket.io-client').Socket>,
  count: number,
  rate: number,
  timeoutMs: number,
  send: (socket: import('socket.io-client').Socket, key: string, i: number) => void,
  heardOn: (on: (key: string) => void) => void,
) {
  const sentAt = new Map<string, number>();
  const heardAt = new Map<string, number>();
  let doubled = 0;
  heardOn((key) => {
    if (!sentAt.has(key)) return;
    if (heardAt.has(key)) doubled++;
    else heardAt.set(key, Date.now());
  });
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await sleep(start + (i * 1000) / rate - performance.now());
    const key = `k${randomUUID().slice(0, 8)}`;
    sentAt.set(key, Date.now());
    send(senders[i % senders.length], key, i);
  }
  for (const deadline = Date.now() + timeoutMs; heardAt.size < count && Date.now() < deadline;) await sleep(20);
  void watcher;
  return { sentAt, heardAt, doubled, lost: count - heardAt.size };
}

const MARK = /\b(k[0-9a-f]{8})\b/;

/** `/remind #room in 2h <key>` → the bot's confirmation in the room, heard by a member's socket. */
export async function commandsIeum(
  url: string,
  fixture: Fixture['commands'],
  count: number,
  reminderDelay?: string,
): Promise<{ run: Awaited<ReturnType<typeof roundTrips>>; errors: number }> {
  const watcher = await connect(url, fixture.watcherToken);
  const senders = await connectAll(url, fixture.tokens);
  let errors = 0;
  const run = await roundTrips(
    watcher,
    senders,
    count,
    COMMAND_RATE,
    reminderDelay ? 120_000 : 15_000,
    (socket, key) =>
      socket.emit(
        'message.send',
        {
          roomId: fixture.roomId,
          clientMessageId: `c-${randomUUID()}`,
          body: `/remind #${fixture.roomName} ${reminderDelay ?? 'in 2h'} ${key}`,
        },
        (r: { ok?: boolean }) => {
          if (r.ok === false) errors++;
        },
      ),
    (on) =>
      onMessages(watcher, (m) => {
        // The command's own message is heard too: only the bot's answer counts.
        if ((m.body ?? '').startsWith('/')) return;
        const key = MARK.exec(m.body ?? '')?.[1];
        // The confirmation names the reminder (⏰ … 알려 드릴게요: key); the reminder itself is ⏰ key.
        const isFire = (m.body ?? '').startsWith(`⏰ ${key ?? ''}`);
        if (key && (reminderDelay ? isFire : !isFire)) on(key);
      }),
  );
  [watcher, ...senders].forEach((s) => s.disconnect());
  return { run, errors };
}

export async function commands(url: string, fixture: Fixture['commands'], sizes: Sizes): Promise<RunResult> {
  const { run, errors } = await commandsIeum(url, fixture, sizes.commands);
  return latencyResult(run, 15_000, errors);
}

/** Reminders due in a minute: lateness = heard on the socket − the reminder's `next_at`, read before it fires. */
export async function reminders(
  url: string,
  databaseUrl: string,
  fixture: Fixture['commands'],
  sizes: Sizes,
): Promise<RunResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const due = new Map<string, number>();
  const confirm = commandsIeum(url, fixture, sizes.reminders, 'in 1m');
  // The confirmations come within seconds; the reminders a minute later. Read the due times in between.
  await sleep((sizes.reminders / COMMAND_RATE) * 1000 + 5000);
  const rows = (
    await client.query<{ text: string; at: Date }>(
      `SELECT text, next_at AS at FROM reminders WHERE next_at > now() - interval '1 minute' AND text ~ '^k[0-9a-f]{8}$'`,
    )
  ).rows;
  for (const row of rows) due.set(row.text, row.at.getTime());
  await client.end();
  const { run, errors } = await confirm;
  const lateness: number[] = [];
  let early = 0;
  for (const [key, heard] of run.heardAt) {
    const at = due.get(key);
    if (at === undefined) continue;
    if (heard < at) early++;
    lateness.push(heard - at);
  }
  return {
    metrics: {
      p50: percentile(lateness, 50, run.lost, 120_000),
      p99: percentile(lateness, 99, run.lost, 120_000),
      early,
    },
    lost: run.lost,
    doubled: run.doubled,
    errors: errors + early,
  };
}

function latencyResult(run: Awaited<ReturnType<typeof roundTrips>>, timeoutMs: number, errors: number): RunResult {
  const latencies = [...run.heardAt].map(([key, at]) => at - (run.sentAt.get(key) ?? at));
  return {
    metrics: {
      p50: percentile(latencies, 50, run.lost, timeoutMs),
      p99: percentile(latencies, 99, run.lost, timeoutMs),
    },
    lost: run.lost,
    doubled: run.doubled,
    errors,
  };
}

/** The bare round trip (and delayed job) of `lib/baseline-servers.ts`, driven the same way. */
export async function commandsBare(url: string, sizes: Sizes, delayMs?: number): Promise<RunResult> {
  const auth = { room: 'commands' };
  const open = async () => {
    const { io } = await import('socket.io-client');
    const socket = io(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false });
    await new Promise<void>(
      (resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)),
    );
    return socket;
  };
  const watcher = await open();
  const senders = await Promise.all(Array.from({ length: COMMAND_USERS }, open));
  let errors = 0;
  const count = delayMs ? sizes.reminders : sizes.commands;
  const dueAt = new Map<string, number>();
  const run = await roundTrips(
    watcher,
    senders,
    count,
    COMMAND_RATE,
    delayMs ? delayMs + 60_000 : 15_000,
    (socket, key) => {
      const due = delayMs ? Date.now() + delayMs : undefined;
      if (due) dueAt.set(key, due);
      socket.emit('command', { id: key, dueAt: due }, (r: { ok?: boolean }) => void (r.ok === false && errors++));
    },
    (on) => watcher.on('reply', ({ id }: { id: string }) => on(id)),
  );
  [watcher, ...senders].forEach((s) => s.disconnect());
  if (!delayMs) return latencyResult(run, 15_000, errors);
  const lateness = [...run.heardAt].map(([key, at]) => at - (dueAt.get(key) ?? at));
  const early = lateness.filter((l) => l < 0).length;
  return {
    metrics: {
      p50: percentile(lateness, 50, run.lost, 120_000),
      p99: percentile(lateness, 99, run.lost, 120_000),
      early,
    },
    lost: run.lost,
    doubled: run.doubled,
    errors: errors + early,
  };
}

/**
 * 1,000 mails sent at once over a pool of 8; accepted/s from the first send to the last 250, and
 * (for Ieum) posted/s from the first send to the last mail heard posted in the room. A mail not
 * posted within `timeoutMs` is lost.
 */
export async function mail(
  smtpPort: number,
  to: string,
  sizes: Sizes,
  watch?: { url: string; token: string },
  timeoutMs = 300_000,
): Promise<RunResult> {
  const timings = new Map<string, MailTiming>();
  const prefix = `m${randomUUID().slice(0, 6)}`;
  const socket = watch ? await connect(watch.url, watch.token) : null;
  let doubled = 0;
  socket?.on('messages.created', ({ messages }: { messages: Array<{ body: string }> }) => {
    for (const message of messages) {
      const timing = timings.get(/\[bench (\S+)\]/.exec(message.body)?.[1] ?? '');
      if (timing?.posted !== undefined) doubled++;
      else if (timing) timing.posted = performance.now();
    }
  });
  const start = performance.now();
  const sendMs = await sendMails(smtpPort, to, prefix, sizes.mails, timings);
  const refused = [...timings.values()].filter((t) => t.failed).length;
  if (!socket)
    return {
      metrics: { acceptedPerSecond: ((sizes.mails - refused) / sendMs) * 1000 },
      lost: 0,
      doubled: 0,
      errors: refused,
    };
  const posted = () => [...timings.values()].filter((t) => t.posted !== undefined).length;
  for (
    const deadline = performance.now() + timeoutMs;
    posted() < sizes.mails - refused && performance.now() < deadline;
  )
    await sleep(50);
  socket.disconnect();
  const last = Math.max(...[...timings.values()].map((t) => t.posted ?? 0));
  const count = posted();
  return {
    metrics: {
      acceptedPerSecond: ((sizes.mails - refused) / sendMs) * 1000,
      postedPerSecond: (count / (last - start)) * 1000,
    },
    lost: sizes.mails - refused - count,
    doubled,
    errors: refused,
  };
}
