import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { testServices, withAdmin } from '../setup/services.js';
import { ApiClient, recordMessages, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';
import { report, until } from './support.js';

/**
 * PostgreSQL ends every connection of the app (a failover, an operator's pg_terminate_backend)
 * while people are sending. A send whose commit may not have happened answers an error, the client
 * sends again with the same clientMessageId, and each message is stored and delivered once.
 */
describe('faults: the database drops every connection during a send load', () => {
  let app: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let leeSocket: ClientSocket;
  let delivered: MessageView[];
  const boundSeconds = 5;

  beforeAll(async () => {
    app = await startTestApp(await createTestConfig());
    const factory = new Factory(app.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(agency, { login: 'kim.mois', displayName: '김행안' });
    const lee = await factory.user(agency, { login: 'lee.mois', displayName: '이행안' });
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [lee.id] })).body;
    leeSocket = await (await ApiClient.signIn(app.baseUrl, 'lee.mois')).socket();
    delivered = recordMessages(leeSocket);
  });

  afterAll(async () => {
    leeSocket.disconnect();
    await app.close();
  });

  it('stores and delivers every message once, and sends again within the bound', async () => {
    const database = new URL(app.config.database.url).pathname.slice(1);
    const failures: number[] = [];
    let cutAt = 0;
    let firstSuccessAfterCut = 0;
    /** A client that sends again on anything but a 201, as the web client does, with the same id. */
    const send = async (i: number): Promise<string> => {
      const clientMessageId = `c-${randomUUID()}`;
      for (let attempt = 0; attempt < 20; attempt++) {
        const res = await kim
          .call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId, body: `부하 ${i}` })
          .catch(() => ({ status: 0, body: undefined }));
        if (res.status === 201 || res.status === 200) {
          if (cutAt && !firstSuccessAfterCut) firstSuccessAfterCut = Date.now();
          return clientMessageId;
        }
        failures.push(res.status);
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
      throw new Error(`message ${i} was never accepted`);
    };
    const ids: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < 300) {
        const i = next++;
        if (i === 120) {
          cutAt = Date.now();
          const ended = await withAdmin(
            testServices().adminUrl,
            async (c) =>
              (
                await c.query<{ n: string }>(
                  `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
                  [database],
                )
              ).rows[0]?.n,
          );
          process.stderr.write(`[fault] ended ${ended} database connection(s)\n`);
        }
        ids.push(await send(i));
      }
    };
    await Promise.all(Array.from({ length: 10 }, lane));
    const stored = await withAdmin(
      app.config.database.url,
      async (c) =>
        (
          await c.query<{ client_message_id: string; n: string }>(
            `SELECT client_message_id, count(*) AS n FROM messages WHERE room_id = $1 AND client_message_id = ANY($2) GROUP BY client_message_id`,
            [room.id, ids],
          )
        ).rows,
    );
    await until(
      async () => (new Set(delivered.map((m) => m.clientMessageId)).size >= ids.length ? true : undefined),
      30_000,
      'every message to reach the other member',
      async () => `${new Set(delivered.map((m) => m.clientMessageId)).size} of ${ids.length}`,
    );
    const deliveredTwice = delivered.length - new Set(delivered.map((m) => m.id)).size;
    const recovered = ((firstSuccessAfterCut || Date.now()) - cutAt) / 1000;
    report('database connections ended during 300 sends', {
      sent: ids.length,
      stored: stored.length,
      storedTwice: stored.filter((r) => Number(r.n) > 1).length,
      delivered: new Set(delivered.map((m) => m.id)).size,
      deliveredTwice,
      refusedAndResent: failures.length,
      lost: ids.length - stored.length,
      secondsToRecover: recovered.toFixed(1),
      boundSeconds,
    });
    expect(stored).toHaveLength(ids.length);
    expect(stored.every((r) => r.n === '1')).toBe(true);
    expect(deliveredTwice).toBe(0);
    expect(failures.every((status) => status === 0 || status >= 500)).toBe(true);
    expect(recovered).toBeLessThanOrEqual(boundSeconds);
  }, 120_000);
});
