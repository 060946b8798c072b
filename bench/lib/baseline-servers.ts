import { createAdapter } from '@socket.io/redis-adapter';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';
import { bareSmtpServer } from './mail.js';

/**
 * The baselines, each run in a process of its own as Ieum is (`fork` this file with the kind as
 * argument; it answers `{ port }` over IPC once listening):
 *  - `relay-batched`: socket.io with the Redis adapter, relaying `message.send` to the room; the
 *    messages of a room arriving in one turn of the event loop go out as one `messages.created`
 *    packet after that turn, as Ieum announces them;
 *  - `relay-unbatched`: the same relay sending one `message.created` per message;
 *  - `bare-socketio`: the batching relay on one process with socket.io's in-memory adapter (no
 *    Redis), for the crowd path: what thousands of idle sockets cost socket.io itself, and its
 *    send → deliver with nothing else in the process;
 *  - `commands`: socket.io + BullMQ: `command` → queue.add → worker → INSERT → emit `reply` to the
 *    room; `delayed` the same through a delayed job due at `dueAt`;
 *  - `smtp`: a bare smtp-server answering 250 once each message is read.
 */
interface Env {
  redisUrl: string;
  databaseUrl: string;
  prefix: string;
}

async function relay(env: Env, batched: boolean, redis = true): Promise<number> {
  const http = createServer();
  const adapter = () => {
    const pub = new Redis(env.redisUrl);
    return createAdapter(pub, pub.duplicate(), { key: `${env.prefix}:relay` });
  };
  const server = new Server(http, { path: '/socket.io', ...(redis ? { adapter: adapter() } : {}) });
  const pending = new Map<string, unknown[]>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    for (const [room, messages] of pending) server.to(room).emit('messages.created', { messages });
    pending.clear();
  };
  server.on('connection', (socket) => {
    const room = String(socket.handshake.auth['room'] ?? 'room');
    void socket.join(room);
    socket.on(
      'message.send',
      (payload: { roomId: string; clientMessageId: string; body: string }, ack: (r: unknown) => void) => {
        const message = {
          roomId: payload.roomId,
          clientMessageId: payload.clientMessageId,
          body: payload.body,
          createdAt: new Date().toISOString(),
        };
        if (batched) {
          const list = pending.get(payload.roomId) ?? [];
          list.push(message);
          pending.set(payload.roomId, list);
          if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        } else server.to(payload.roomId).emit('message.created', message);
        ack({ ok: true, data: message });
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function commands(env: Env): Promise<number> {
  const http = createServer();
  const server = new Server(http, { path: '/socket.io' });
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 10 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_command (id text PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  const connection = { url: env.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('bench-commands', { connection, prefix: env.prefix });
  new Worker(
    'bench-commands',
    async (job) => {
      const { id, room } = job.data as { id: string; room: string };
      await pool.query('INSERT INTO bench_command (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        id,
        `reply ${id}`,
      ]);
      server.to(room).emit('reply', { id });
    },
    { connection, prefix: env.prefix, concurrency: 8 },
  );
  server.on('connection', (socket) => {
    const room = String(socket.handshake.auth['room'] ?? 'room');
    void socket.join(room);
    socket.on('command', (payload: { id: string; dueAt?: number }, ack: (r: unknown) => void) => {
      const delay = payload.dueAt ? Math.max(0, payload.dueAt - Date.now()) : undefined;
      queue.add('command', { id: payload.id, room }, { jobId: payload.id, delay, removeOnComplete: true }).then(
        () => ack({ ok: true }),
        (error: unknown) => ack({ ok: false, error: String(error) }),
      );
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  const env = JSON.parse(process.argv[3] ?? '{}') as Env;
  const port =
    kind === 'relay-batched'
      ? await relay(env, true)
      : kind === 'relay-unbatched'
        ? await relay(env, false)
        : kind === 'bare-socketio'
          ? await relay(env, true, false)
          : kind === 'commands'
            ? await commands(env)
            : kind === 'smtp'
              ? (await bareSmtpServer()).port
              : Number.NaN;
  if (Number.isNaN(port)) throw new Error(`unknown baseline ${String(kind)}`);
  process.send?.({ port });
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${String(error)}\n`);
  process.exit(1);
});
