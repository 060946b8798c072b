import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { AccessTokenService } from '../src/identity/access-token.service.js';
import { DirectoryService } from '../src/identity/directory.service.js';
import { AgencyKind } from '../src/identity/identity.types.js';
import { MatrixBridgeService } from '../src/matrix/matrix-bridge.service.js';
import { MatrixHomeserverStandIn } from '../test/utils/matrix-homeserver.js';
import { benchEnvironment } from './bench-environment.js';

/**
 * Messages per second through the Matrix bridge, each way, against the homeserver stand-in
 * (test/utils/matrix-homeserver.ts) in the same process. Out: COUNT Ieum messages posted over
 * HTTP into one linked room, timed until the stand-in holds them all; the baseline is the
 * stand-in's own rate for the same number of sequential send requests from one client (the
 * bridge's lane for one room is sequential too). In: COUNT Matrix messages said in the linked
 * room, timed until all are Ieum messages; the baseline is the stand-in pushing the same number
 * of events to a receiver that answers 200 at once.
 */
const COUNT = 500;

async function main(): Promise<void> {
  const asToken = randomBytes(24).toString('hex');
  const hsToken = randomBytes(24).toString('hex');
  const hs = await MatrixHomeserverStandIn.start({ serverName: 'hs.bench', asToken, hsToken });
  const env = await benchEnvironment(new Set(['api', 'worker']), 10, (c) => ({
    ...c,
    matrix: {
      homeserverUrl: hs.url,
      serverName: 'hs.bench',
      asToken,
      hsToken,
      userPrefix: 'ieum_',
      appserviceId: 'ieum',
      appserviceUrl: '',
      retryBaseMs: 100,
      retryMaxMs: 1000,
    },
  }));
  const db = new pg.Client({ connectionString: env.config.database.url });
  try {
    const app = await createApp(env.config);
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${((app.getHttpServer() as import('node:http').Server).address() as AddressInfo).port}`;
    hs.appServiceUrl = baseUrl;
    await db.connect();
    const directory = app.get(DirectoryService);
    await directory.createAgency({ code: '1741000', name: '행정안전부', kind: AgencyKind.CentralMinistry });
    const user = await directory.createUser({
      login: 'bench.kim',
      displayName: '김행안',
      agencyCode: '1741000',
      roles: ['member'],
    });
    const token = (await app.get(AccessTokenService).issue(user)).token;
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    };
    const room = await call<{ id: string }>('POST', '/rooms', { kind: 'group', name: 'Matrix bench' });
    const alice = hs.registerLocalUser('alice', 'Alice');
    const { roomId: matrixRoomId, alias } = hs.createRoom('bench', alice);
    await app.get(MatrixBridgeService).link(
      {
        userId: user.id,
        kind: 'staff',
        agencyId: user.agencyId,
        roles: ['member'],
        tokenId: 'bench',
        tokenExpiresAt: 0,
      },
      room.id,
      alias,
    );
    await hs.flush();

    // Ieum → Matrix.
    const puppet = `@ieum_${user.id}:hs.bench`;
    const outStart = performance.now();
    for (let i = 0; i < COUNT; i++)
      await call('POST', `/rooms/${room.id}/messages`, { clientMessageId: `b-${randomUUID()}`, body: `out ${i}` });
    await until(() => hs.visibleMessages(matrixRoomId).filter((m) => m.sender === puppet).length >= COUNT);
    const outMs = performance.now() - outStart;
    const inOrder = hs
      .visibleMessages(matrixRoomId)
      .filter((m) => m.sender === puppet)
      .every((m, i) => m.body === `out ${i}`);

    const sendStart = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const res = await fetch(
        `${hs.url}/_matrix/client/v3/rooms/${encodeURIComponent(matrixRoomId)}/send/m.room.message/base-${i}`,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${asToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'm.text', body: `baseline ${i}` }),
        },
      );
      await res.arrayBuffer();
    }
    const sendMs = performance.now() - sendStart;
    await hs.flush();

    // Matrix → Ieum.
    const count = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM messages WHERE room_id = $1 AND body LIKE 'Alice (@alice:hs.bench)%'`,
            [room.id],
          )
        ).rows[0]?.n ?? 0,
      );
    const inStart = performance.now();
    for (let i = 0; i < COUNT; i++) hs.say(alice, matrixRoomId, `in ${i}`);
    await until(async () => (await count()) >= COUNT);
    const inMs = performance.now() - inStart;

    // The stand-in's own push rate, to a receiver that answers at once.
    const receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const bare = await MatrixHomeserverStandIn.start({ serverName: 'hs.bare', asToken, hsToken });
    bare.appServiceUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const bareRoom = bare.createRoom('bare', bare.registerLocalUser('bob', 'Bob')).roomId;
    await fetch(`${bare.url}/_matrix/client/v3/join/${encodeURIComponent(bareRoom)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${asToken}` },
      body: '{}',
    }).then((r) => r.arrayBuffer());
    await bare.flush();
    const bareStart = performance.now();
    for (let i = 0; i < COUNT; i++) bare.say(`@bob:hs.bare`, bareRoom, `in ${i}`);
    await bare.flush();
    const bareMs = performance.now() - bareStart;
    await bare.close();
    receiver.close();

    const rate = (ms: number) => (COUNT / ms) * 1000;
    const line = (name: string, ieum: number, base: number) =>
      `${name.padEnd(16)} ${rate(ieum).toFixed(0).padStart(7)}/s   baseline ${rate(base).toFixed(0).padStart(7)}/s   ratio ${(rate(ieum) / rate(base)).toFixed(2)}`;
    process.stdout.write(`Matrix bridge, ${COUNT} messages each way, one room\n`);
    process.stdout.write(
      `${line('Ieum → Matrix', outMs, sendMs)}   (baseline: sequential sends to the stand-in; in order: ${String(inOrder)})\n`,
    );
    process.stdout.write(
      `${line('Matrix → Ieum', inMs, bareMs)}   (baseline: the stand-in pushing to a receiver that answers at once)\n`,
    );
    await app.close();
  } finally {
    await db.end().catch(() => undefined);
    await hs.close();
    await env.close();
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
