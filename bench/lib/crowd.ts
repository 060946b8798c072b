import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { io, type Socket } from 'socket.io-client';
import { onMessages, sleep } from './sockets.js';
import { percentile } from './stats.js';

/** One room of the crowd: its id (for the baseline, its socket.io room name) and one handshake `auth` per member. */
export interface CrowdRoom {
  roomId: string;
  auths: Array<Record<string, string>>;
}

export interface CrowdOptions {
  /** Messages per second, all rooms together. */
  rate: number;
  seconds: number;
  /** A message not heard by every other member within this long after the last send is lost. */
  timeoutMs?: number;
  /** How long the sockets stay connected and idle before the server's RSS is read again. */
  idleMs?: number;
}

/**
 * The open-file limit of this process (and of the processes it starts, which inherit it): every
 * client socket is a descriptor here and another in the server. Fails early, with what to do,
 * when the crowd would not fit.
 */
export async function assertOpenFiles(sockets: number): Promise<void> {
  const limits = await readFile('/proc/self/limits', 'utf8').catch(() => '');
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1];
  if (soft === undefined || soft === 'unlimited') return;
  // The sockets, and room for the rest: modules, pg and Redis connections, the server's pool.
  const need = sockets + 300;
  if (Number(soft) < need) {
    throw new Error(
      `the crowd path opens ${sockets} sockets, and this shell allows ${soft} open files: raise the limit first (\`ulimit -n ${Math.max(need, 20_000)}\`, then run the bench again from that shell; see bench/README.md)`,
    );
  }
}

function open(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, timeout: 60_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) =>
      reject(
        /EMFILE/.test(String(error))
          ? new Error(`${String(error)}: too many open files, raise \`ulimit -n\` (see bench/README.md)`)
          : error,
      ),
    );
  });
}

/**
 * Every member of every room connected (in groups of 50), the server's RSS read before and after
 * they sit idle for `idleMs`; then `rate` messages a second for `seconds`, each from the next room
 * in turn and the next member of that room, over socket.io `message.send`. Each latency is the
 * send → the moment the last of the room's other members heard it; a message some member never
 * heard within `timeoutMs` after the last send is lost and counts as `timeoutMs`; a member hearing
 * one twice counts as doubled. The sender's own copy is not a delivery and is not waited for.
 */
export async function measureCrowd(
  url: string,
  rooms: readonly CrowdRoom[],
  options: CrowdOptions,
  rss: () => Promise<number>,
): Promise<{ metrics: Record<string, number>; lost: number; doubled: number; errors: number }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const members = rooms.flatMap((room, r) => room.auths.map((auth, m) => ({ r, m, auth })));
  await assertOpenFiles(members.length);
  const serverBefore = await rss();
  const clientBefore = process.memoryUsage.rss();
  const sockets: Socket[] = [];
  const connectStart = performance.now();
  try {
    for (let i = 0; i < members.length; i += 50)
      sockets.push(...(await Promise.all(members.slice(i, i + 50).map((p) => open(url, p.auth)))));
  } catch (error) {
    sockets.forEach((s) => s.disconnect());
    throw error;
  }
  const connectSeconds = (performance.now() - connectStart) / 1000;
  await sleep(options.idleMs ?? 5000);
  const serverIdle = await rss();
  const clientIdle = process.memoryUsage.rss();

  const total = Math.round(options.rate * options.seconds);
  const index = new Map<string, number>();
  const roomOf = new Int32Array(total);
  const senderOf = new Int32Array(total);
  const sentAt = new Float64Array(total);
  const doneAt = new Float64Array(total).fill(Number.NaN);
  const heard = Array.from({ length: total }, () => new Uint8Array(0));
  const left = new Int32Array(total);
  let doubled = 0;
  let errors = 0;
  let finished = 0;
  sockets.forEach((socket, s) => {
    const { r, m } = members[s] ?? { r: -1, m: -1 };
    onMessages(socket, (message) => {
      const i = message.clientMessageId ? index.get(message.clientMessageId) : undefined;
      if (i === undefined || roomOf[i] !== r || senderOf[i] === m) return;
      const seen = heard[i] as Uint8Array;
      if (seen[m]) return void doubled++;
      seen[m] = 1;
      if (--(left as Int32Array)[i] === 0) {
        doneAt[i] = performance.now();
        finished++;
      }
    });
  });
  const firstOf = rooms.map((_, r) => members.findIndex((p) => p.r === r));
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    await sleep(start + (i * 1000) / options.rate - performance.now());
    const r = i % rooms.length;
    const room = rooms[r];
    const m = Math.floor(i / rooms.length) % room.auths.length;
    const clientMessageId = `crowd-${randomUUID()}`;
    index.set(clientMessageId, i);
    roomOf[i] = r;
    senderOf[i] = m;
    heard[i] = new Uint8Array(room.auths.length);
    left[i] = room.auths.length - 1;
    sentAt[i] = performance.now();
    sockets[(firstOf[r] ?? 0) + m].emit(
      'message.send',
      { roomId: room.roomId, clientMessageId, body: `군중 ${i}` },
      (reply: { ok?: boolean } | undefined) => {
        if (reply?.ok === false) errors++;
      },
    );
  }
  for (const deadline = performance.now() + timeoutMs; finished < total && performance.now() < deadline;)
    await sleep(20);
  sockets.forEach((s) => s.disconnect());

  const latencies: number[] = [];
  let lost = 0;
  for (let i = 0; i < total; i++) {
    const done = doneAt[i] ?? Number.NaN;
    if (Number.isNaN(done)) lost++;
    else latencies.push(done - (sentAt[i] ?? 0));
  }
  const kib = (before: number, after: number) => (after - before) / 1024 / sockets.length;
  return {
    metrics: {
      p50: percentile(latencies, 50, lost, timeoutMs),
      p99: percentile(latencies, 99, lost, timeoutMs),
      idleSocketKiB: kib(serverBefore, serverIdle),
      serverRssIdleMiB: serverIdle / 2 ** 20,
      clientSocketKiB: kib(clientBefore, clientIdle),
      clientRssMiB: clientIdle / 2 ** 20,
      connectSeconds,
    },
    lost,
    doubled,
    errors,
  };
}
