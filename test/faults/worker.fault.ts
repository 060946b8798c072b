import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { QueueName } from '../../src/bus/bus.constants.js';
import { QueueService } from '../../src/bus/queue.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, record, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';
import { report, until, WorkerProcess } from './support.js';

/**
 * A worker that dies (SIGKILL) or stops dead (SIGSTOP, an event loop blocked past its lock) while
 * it holds slash commands. Every command must be answered once: none lost, none answered twice,
 * and the jobs it held must run again within the bound the README states (1.5 × JOB_LOCK_SECONDS).
 *
 * A reply only its sender sees is kept with the run (GET /commands/runs/:id, which the client
 * reads until the run ends) and pushed over the socket at most once, by the attempt that closed
 * the run: a worker killed between that commit and the push leaves the reply to the run. So a
 * reply is missing when the run has none, and doubled when the socket carried it twice.
 */
describe('faults: a worker killed or frozen while it runs commands', () => {
  let api: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let socket: ClientSocket;
  let replies: Array<{ commandMessageId: string }>;
  const workers: WorkerProcess[] = [];
  const lockSeconds = () => api.config.bus.lockSeconds;
  // The README's bound (1.5 × JOB_LOCK_SECONDS, when the jobs are taken over), plus what the
  // taking worker needs to answer all 40: 12-17 s in all on CI's two cores, 30 s with the
  // machine loaded three times over by other test runs.
  const boundSeconds = () => 1.5 * lockSeconds() + 20;

  beforeAll(async () => {
    const config = await createTestConfig();
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    const factory = new Factory(api.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(agency, { login: 'kim.mois', displayName: '김행안' });
    const lee = await factory.user(agency, { login: 'lee.mois', displayName: '이행안' });
    kim = await ApiClient.signIn(api.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [lee.id] })).body;
    socket = await kim.socket();
    replies = record(socket, 'command.reply');
  });

  afterAll(async () => {
    socket.disconnect();
    await Promise.allSettled(workers.map((w) => w.kill()));
    await api.close();
  });

  const startWorker = async (): Promise<WorkerProcess> => {
    const worker = await WorkerProcess.start(api.config);
    workers.push(worker);
    return worker;
  };

  /** Half the commands answer only their sender (over the socket), half answer in the room. */
  const sendCommands = async (n: number, tag: string): Promise<string[]> => {
    const sent = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const target = i % 2 === 0 ? '나' : '#기획팀';
        const res = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
          clientMessageId: `c-${randomUUID()}`,
          body: `/알림 ${target} 10분 후 ${tag} 점검 ${i}`,
        });
        expect(res.status).toBe(201);
        return { id: res.body.id, toSelf: i % 2 === 0 };
      }),
    );
    selfCommands.push(...sent.filter((s) => s.toSelf).map((s) => s.id));
    return sent.map((s) => s.id);
  };
  const selfCommands: string[] = [];

  const settled = (ids: string[]) =>
    withAdmin(api.config.database.url, async (c) =>
      Number(
        (
          await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM command_runs WHERE message_id = ANY($1) AND status <> 'running'`,
            [ids],
          )
        ).rows[0]?.n,
      ),
    );

  /** Sends commands until the worker is caught holding some, then freezes it there. */
  const freezeHolding = async (
    worker: WorkerProcess,
    tag: string,
  ): Promise<{ ids: string[]; held: Job[]; frozenAt: number }> => {
    const queue = api.app.get(QueueService).queue(QueueName.Commands);
    const ids: string[] = [];
    for (let round = 0; round < 20; round++) {
      ids.push(...(await sendCommands(40, `${tag}${round}`)));
      for (;;) {
        const active = await queue.getActiveCount();
        if (active > 0) {
          worker.freeze();
          const frozenAt = Date.now();
          const held = await queue.getJobs(['active']);
          if (held.length > 0) return { ids, held, frozenAt };
          worker.thaw();
          break;
        }
        if ((await settled(ids)) === ids.length) break;
      }
    }
    throw new Error('the worker was never caught holding a command');
  };

  const explain = (ids: string[]) => async () => {
    const queue = api.app.get(QueueService).queue(QueueName.Commands);
    return `${await settled(ids)} of ${ids.length} answered; queue ${JSON.stringify(await queue.getJobCounts())}; workers ${(await queue.getWorkers()).length}`;
  };

  const counts = async (ids: string[]) => {
    const doubledReplies = ids.filter((id) => replies.filter((r) => r.commandMessageId === id).length > 1).length;
    const runReplies = await withAdmin(api.config.database.url, async (c) =>
      (
        await c.query<{ message_id: string }>(
          `SELECT message_id FROM command_runs WHERE message_id = ANY($1) AND status <> 'running' AND reply IS NOT NULL`,
          [ids],
        )
      ).rows.map((r) => r.message_id),
    );
    const missingReplies = ids.filter((id) => selfCommands.includes(id) && !runReplies.includes(id)).length;
    const pushedReplies = ids.filter((id) => replies.some((r) => r.commandMessageId === id)).length;
    const stored = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ id: string; n: string }>(
            `SELECT id, count(*) AS n FROM reminders WHERE id = ANY($1) GROUP BY id`,
            [ids],
          )
        ).rows,
    );
    const roomReplies = await withAdmin(api.config.database.url, async (c) =>
      Number(
        (
          await c.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE client_message_id = ANY($1)`, [
            ids.map((id) => `cmd-${id}`),
          ])
        ).rows[0]?.n,
      ),
    );
    return {
      sent: ids.length,
      answered: await settled(ids),
      stored: stored.length,
      roomReplies,
      pushedReplies,
      doubledReplies,
      missingReplies,
    };
  };

  it('runs the commands a killed worker held on another within the stated bound, each once', async () => {
    const victim = await startWorker();
    const { ids, held, frozenAt } = await freezeHolding(victim, 'kill');
    // Another worker is there (in production: already running) while the victim's locks lapse.
    await startWorker();
    await victim.kill();
    await until(
      async () => ((await settled(ids)) === ids.length ? true : undefined),
      (boundSeconds() + 30) * 1000,
      'every command to be answered',
      explain(ids),
    );
    const recovered = (Date.now() - frozenAt) / 1000;
    const c = await counts(ids);
    report('worker SIGKILL holding commands', {
      ...c,
      heldAtDeath: held.length,
      lost: c.sent - c.answered,
      secondsToRecover: recovered.toFixed(1),
      boundSeconds: boundSeconds(),
    });
    expect(c.answered).toBe(c.sent);
    expect(c.stored).toBe(c.sent);
    expect(c.roomReplies).toBe(c.sent / 2);
    expect(c.missingReplies).toBe(0);
    expect(c.doubledReplies).toBe(0);
    expect(recovered).toBeLessThanOrEqual(boundSeconds());
  }, 120_000);

  it('answers once when a worker frozen past its lock wakes up after another ran its commands', async () => {
    const sleeper = await startWorker();
    // Only the sleeper may take these: the worker of the first case stops first.
    const others = workers.filter((w) => w !== sleeper);
    await Promise.all(others.map((w) => w.stop()));
    const { ids, held, frozenAt } = await freezeHolding(sleeper, 'freeze');
    await startWorker();
    await until(
      async () => ((await settled(ids)) === ids.length ? true : undefined),
      (boundSeconds() + 30) * 1000,
      'every command to be answered',
      explain(ids),
    );
    const recovered = (Date.now() - frozenAt) / 1000;
    // The sleeper wakes, carries on with the jobs it held, and stops once it has done with them:
    // whatever it would still send has been sent when it exits.
    sleeper.thaw();
    await sleeper.stop();
    const c = await counts(ids);
    report('worker frozen past its lock, then woken', {
      ...c,
      heldWhenFrozen: held.length,
      lost: c.sent - c.answered,
      secondsToRecover: recovered.toFixed(1),
      boundSeconds: boundSeconds(),
    });
    expect(c.answered).toBe(c.sent);
    expect(c.stored).toBe(c.sent);
    expect(c.roomReplies).toBe(c.sent / 2);
    expect(c.missingReplies).toBe(0);
    expect(c.doubledReplies).toBe(0);
    expect(recovered).toBeLessThanOrEqual(boundSeconds());
  }, 120_000);
});
