import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Server } from 'socket.io';
import { createApp } from '../src/app.factory.js';
import { DirectoryService } from '../src/identity/directory.service.js';
import { AccessTokenService } from '../src/identity/access-token.service.js';
import { AgencyKind } from '../src/identity/identity.types.js';
import type { UserEntity } from '../src/identity/user.entity.js';
import { MessageService } from '../src/messenger/message.service.js';
import { RoomService } from '../src/messenger/room.service.js';
import { benchEnvironment } from './bench-environment.js';
import { measureFanout, type FanoutResult as Latency } from './lib/fanout.js';
import { RoomKind } from '../src/messenger/messenger.types.js';

/**
 * send → committed → received by the last of 100 subscribers, for Ieum and for a bare socket.io
 * relay in the same run; and persisted messages per second against raw single-row INSERTs.
 */
const SUBSCRIBERS = 100;
const RATE = 500;
const WARMUP = 200;
const MESSAGES = 2000;
const THROUGHPUT_MESSAGES = 3000;
const CONCURRENCY = 16;

interface Relay {
  url: string;
  tokens: string[];
  roomId: string;
}

async function main(): Promise<void> {
  const env = await benchEnvironment(new Set(['api', 'worker']), 20);
  const { config } = env;
  try {
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
    const directory = app.get(DirectoryService);
    const agency = await directory.createAgency({
      code: '1741000',
      name: '행정안전부',
      kind: AgencyKind.CentralMinistry,
    });
    const users: UserEntity[] = [];
    for (let i = 0; i <= SUBSCRIBERS; i++)
      users.push(await directory.createUser({ login: `bench.${i}`, displayName: `벤치${i}`, agencyCode: agency.code }));
    const [sender, ...subscribers] = users;
    if (!sender) throw new Error('no sender');
    const principalOf = async (u: UserEntity) =>
      app.get(AccessTokenService).verify((await app.get(AccessTokenService).issue(u)).token);
    const senderPrincipal = await principalOf(sender);
    const room = await app
      .get(RoomService)
      .create(senderPrincipal, { kind: RoomKind.Group, name: '벤치', userIds: subscribers.map((u) => u.id) });
    const tokens = await Promise.all(users.map(async (u) => (await app.get(AccessTokenService).issue(u)).token));

    const ieum = await measureLatencyFromClients({ url: `http://127.0.0.1:${port.port}`, tokens, roomId: room.id });
    const bare = await withBareRelay((relay) => measureLatencyFromClients(relay));

    const ieumRate = await measureIeumThroughput(app.get(MessageService), senderPrincipal, room.id);
    const rawRate = await measureRawInserts(config.database.url);
    await app.close();

    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const lines = [
      `message latency, send → last of ${SUBSCRIBERS} subscribers received, ${MESSAGES} messages at ${RATE}/s:`,
      `  ieum            p50 ${ieum.p50.toFixed(1)} ms   p99 ${ieum.p99.toFixed(1)} ms   (send → committed ack p50 ${ieum.ackP50.toFixed(1)} ms, p99 ${ieum.ackP99.toFixed(1)} ms)`,
      `  bare socket.io  p50 ${bare.p50.toFixed(1)} ms   p99 ${bare.p99.toFixed(1)} ms`,
      `  ratio p99 ieum/bare = ${ratio(ieum.p99, bare.p99)}   (target ≤ 2.00: ${ieum.p99 <= 2 * bare.p99 ? 'met' : 'NOT met'})`,
      `persisted messages per second, ${CONCURRENCY} concurrent senders:`,
      `  ieum ${ieumRate.toFixed(0)}/s   raw single-row INSERT ${rawRate.toFixed(0)}/s   ratio ${ratio(ieumRate, rawRate)}   (target ≥ 0.50: ${ieumRate >= 0.5 * rawRate ? 'met' : 'NOT met'})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await env.close();
  }
}

/**
 * The sender and the subscribers run in a child process, for the relay and for Ieum alike, so
 * decoding 100 copies of every message does not sit on the server's event loop as it would not
 * in a deployment.
 */
async function measureLatencyFromClients(relay: Relay): Promise<Latency> {
  const child = fork(fileURLToPath(import.meta.url), ['--clients'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    return await new Promise<Latency>((resolve, reject) => {
      child.once('message', (result) => resolve(result as Latency));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the client process exited with ${String(code)}`)));
      child.send(relay);
    });
  } finally {
    child.kill();
  }
}

/** Paced sends; each latency is emit → the moment the last subscriber saw that message (a lost one counts as the timeout). */
async function measureLatency(relay: Relay): Promise<Latency> {
  const result = await measureFanout(relay, { rate: RATE, warmup: WARMUP, messages: MESSAGES });
  if (result.lost + result.doubled + result.errors > 0)
    process.stderr.write(`lost ${result.lost}, doubled ${result.doubled}, errors ${result.errors}\n`);
  return result;
}

/** The baseline: socket.io relaying to one room with no auth, no storage, no adapter. */
async function withBareRelay<T>(run: (relay: Relay) => Promise<T>): Promise<T> {
  const http = createServer();
  const server = new Server(http, { path: '/socket.io' });
  server.on('connection', (socket) => {
    void socket.join('room');
    socket.on('message.send', (payload: { clientMessageId: string; body: string }, ack: (r: unknown) => void) => {
      server
        .to('room')
        .except(socket.id)
        .emit('message.created', { clientMessageId: payload.clientMessageId, body: payload.body });
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  try {
    return await run({
      url: `http://127.0.0.1:${port}`,
      tokens: Array.from({ length: SUBSCRIBERS + 1 }, () => 'x'),
      roomId: 'room',
    });
  } finally {
    await server.close();
  }
}

async function measureIeumThroughput(
  messages: MessageService,
  principal: Awaited<ReturnType<AccessTokenService['verify']>>,
  roomId: string,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < THROUGHPUT_MESSAGES) {
        const i = next++;
        await messages.send(principal, { roomId, clientMessageId: `t-${randomUUID()}`, body: `처리량 ${i}` });
      }
    }),
  );
  return THROUGHPUT_MESSAGES / ((performance.now() - start) / 1000);
}

/** Each row its own committed transaction, as each Ieum message is. */
async function measureRawInserts(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  await pool.query(
    'CREATE TABLE bench_raw (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), room_id uuid NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  const roomId = randomUUID();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < THROUGHPUT_MESSAGES) {
        const i = next++;
        await pool.query('INSERT INTO bench_raw (room_id, body) VALUES ($1, $2)', [roomId, `처리량 ${i}`]);
      }
    }),
  );
  const rate = THROUGHPUT_MESSAGES / ((performance.now() - start) / 1000);
  await pool.end();
  return rate;
}

const fail = (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
};

if (process.argv.includes('--clients')) {
  process.once('message', (relay) => {
    measureLatency(relay as Relay).then((result) => process.send?.(result, () => process.exit(0)), fail);
  });
} else {
  main().catch(fail);
}
