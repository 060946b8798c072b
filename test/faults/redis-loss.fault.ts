import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { QueueName } from '../../src/bus/bus.constants.js';
import { QueueService } from '../../src/bus/queue.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { testServices, withAdmin } from '../setup/services.js';
import { ApiClient, record, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';
import { report, until } from './support.js';

/** A Redis database of this file's own, so wiping it touches no other test's data. */
function ownRedisDatabase(url: string): string {
  const own = new URL(url);
  own.pathname = '/7';
  return own.toString();
}

/**
 * Redis keeps nothing on disk: it may come back empty at any moment. Wiping it in the middle of
 * a stream of slash commands must lose none of them and answer none twice, and the sweeps that
 * BullMQ schedules in Redis must be scheduled again, without restarting anything.
 */
describe('faults: Redis loses every key of the deployment mid-load', () => {
  let app: TestApp;
  let redis: Redis;
  let kim: ApiClient;
  let room: RoomView;
  let socket: ClientSocket;
  let replies: Array<{ commandMessageId: string }>;
  // The relay looks every 5 s; then the lost jobs run again (the README's bound: 5 s, plus the
  // time to run what was lost on a busy two-core machine).
  const boundSeconds = 5 + 10;

  beforeAll(async () => {
    const config = await createTestConfig();
    const redisUrl = ownRedisDatabase(testServices().redisUrl);
    app = await startTestApp({ ...config, redis: { url: redisUrl } });
    redis = new Redis(redisUrl);
    const factory = new Factory(app.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(agency, { login: 'kim.mois', displayName: '김행안' });
    const lee = await factory.user(agency, { login: 'lee.mois', displayName: '이행안' });
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [lee.id] })).body;
    socket = await kim.socket();
    replies = record(socket, 'command.reply');
  });

  afterAll(async () => {
    socket.disconnect();
    await app.close();
    await redis.quit();
  });

  const send = async (i: number): Promise<{ id: string; toSelf: boolean }> => {
    const toSelf = i % 2 === 0;
    const res = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: `c-${randomUUID()}`,
      body: `/알림 ${toSelf ? '나' : '#기획팀'} 10분 후 점검 ${i}`,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, toSelf };
  };

  /** Every sweep is a BullMQ job scheduler (no timers of their own): these must all come back. */
  const sweeps: Array<[QueueName, string]> = [
    [QueueName.Tasks, 'task-sweep'],
    [QueueName.Reminders, 'reminder-sweep'],
    [QueueName.Meetings, 'meeting-reminder-sweep'],
    [QueueName.MailIngress, 'mail-ingest-sweep'],
  ];
  const scheduledSweeps = async () => {
    const found: string[] = [];
    for (const [name, key] of sweeps)
      if ((await app.app.get(QueueService).queue(name).getJobSchedulers()).some((s) => s.key === key)) found.push(key);
    return found;
  };

  const settled = (ids: string[]) =>
    withAdmin(app.config.database.url, async (c) =>
      Number(
        (
          await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM command_runs WHERE message_id = ANY($1) AND status <> 'running'`,
            [ids],
          )
        ).rows[0]?.n,
      ),
    );

  it('answers every command once and schedules the sweeps again', async () => {
    const queue = app.app.get(QueueService).queue(QueueName.Commands);
    expect(await scheduledSweeps()).toEqual(sweeps.map(([, key]) => key));
    // A session signed out before the wipe: its access token must stay refused through it.
    const gone = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    expect((await gone.call('POST', '/auth/logout', {})).status).toBe(204);
    const refusedNow = async () => (await gone.call('GET', '/me')).status;
    expect(await refusedNow()).toBe(401);
    const signedOutAnswers: number[] = [];
    const sent: Array<{ id: string; toSelf: boolean }> = [];
    // Commands keep coming while Redis is wiped: some wait in the queue, some run, when it goes.
    let caught = { waiting: 0, active: 0 };
    let wipedAt = 0;
    for (let i = 0; i < 120; i += 20) {
      sent.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => send(i + j)))));
      if (i === 40) {
        const counts = await queue.getJobCounts('waiting', 'active');
        caught = { waiting: counts.waiting ?? 0, active: counts.active ?? 0 };
        await redis.flushdb();
        wipedAt = Date.now();
        signedOutAnswers.push(await refusedNow());
      }
    }
    const ids = sent.map((s) => s.id);
    await until(
      async () => ((await settled(ids)) === ids.length ? true : undefined),
      (boundSeconds + 30) * 1000,
      'every command to be answered',
      async () => `${await settled(ids)} of ${ids.length}`,
    );
    const recovered = (Date.now() - wipedAt) / 1000;
    signedOutAnswers.push(await refusedNow());
    const selfIds = sent.filter((s) => s.toSelf).map((s) => s.id);
    await until(
      async () => (selfIds.every((id) => replies.some((r) => r.commandMessageId === id)) ? true : undefined),
      10_000,
      'the socket replies',
    );
    const doubled = ids.filter((id) => replies.filter((r) => r.commandMessageId === id).length > 1).length;
    const stored = await withAdmin(app.config.database.url, async (c) =>
      Number(
        (await c.query<{ n: string }>(`SELECT count(*) AS n FROM reminders WHERE id = ANY($1)`, [ids])).rows[0]?.n,
      ),
    );
    const schedulers = await until(
      async () => {
        const keys = await scheduledSweeps();
        return keys.length === sweeps.length ? keys : undefined;
      },
      (boundSeconds + 5) * 1000,
      'the sweeps to be scheduled again',
    );
    signedOutAnswers.push(await refusedNow());
    report('Redis wiped during 120 commands', {
      sent: ids.length,
      waitingWhenWiped: caught.waiting,
      activeWhenWiped: caught.active,
      answered: await settled(ids),
      stored,
      lost: ids.length - (await settled(ids)),
      doubled,
      secondsToRecover: recovered.toFixed(1),
      boundSeconds,
      signedOutTokenAccepted: signedOutAnswers.filter((status) => status !== 401).length,
    });
    expect(await settled(ids)).toBe(ids.length);
    expect(stored).toBe(ids.length);
    expect(doubled).toBe(0);
    expect(schedulers).toEqual(sweeps.map(([, key]) => key));
    expect(signedOutAnswers).toEqual([401, 401, 401]);
    expect(recovered).toBeLessThanOrEqual(boundSeconds);
  }, 120_000);
});
