import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { createApp } from '../../src/app.factory.js';
import { QueueName } from '../../src/bus/bus.constants.js';
import type { ResolvedAppConfig } from '../../src/config/app-config.js';
import type { Ack, ChangesPage, MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { Balancer } from '../utils/balancer.js';
import { ApiClient, record, recordMessages, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig } from '../utils/test-app.js';
import { NodeProcess, report, until } from './support.js';

const cid = () => `c-${randomUUID()}`;
const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

/**
 * One room as a web client holds it (web/src/features/messenger/room): live events merged by id,
 * the newest view of each kept; the change number it knows moved by live events one at a time
 * (a number skipped is read from the feed); the feed read from that number on every (re)connect,
 * and when a number skipped by live events stays unseen past the client's grace (its event lost).
 * Its socket goes through the balancer and reconnects by itself.
 */
class Replica {
  readonly socket: ClientSocket;
  readonly byId = new Map<string, MessageView>();
  /** How often each message came live in `messages.created`. */
  readonly live = new Map<string, number>();
  changeSeq = '0';
  connects = 0;
  fills = 0;
  gapFills = 0;
  disconnects = 0;
  private gapCheck: NodeJS.Timeout | undefined;
  private newestSeen = 0n;

  constructor(
    private readonly roomId: string,
    token: string,
    url: string,
  ) {
    this.socket = io(url, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 500,
    });
    this.socket.on('messages.created', (event) => {
      if (event.roomId !== this.roomId) return;
      for (const m of event.messages) this.live.set(m.id, (this.live.get(m.id) ?? 0) + 1);
      this.applyLive(event.messages);
    });
    this.socket.on('message.updated', (m) => m.roomId === this.roomId && this.applyLive([m]));
    this.socket.on('disconnect', () => this.disconnects++);
    this.socket.on('connect', () => {
      this.connects++;
      // A fill cut short by a disconnect is read again on the next connect.
      this.fill().then(
        () => this.fills++,
        () => undefined,
      );
    });
  }

  private apply(view: MessageView): void {
    const held = this.byId.get(view.id);
    if (!held || !newer(held.changeSeq, view.changeSeq)) this.byId.set(view.id, view);
  }

  private applyLive(views: MessageView[]): void {
    for (const m of views) this.apply(m);
    let next = BigInt(this.changeSeq);
    const numbers = views.map((m) => BigInt(m.changeSeq)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    for (const n of numbers) if (n === next + 1n) next = n;
    this.changeSeq = next.toString();
    for (const n of numbers) if (n > this.newestSeen) this.newestSeen = n;
    // As the web client does (GAP_GRACE_MS in web/src/features/messenger/room/realtime.ts), against
    // the newest number seen when the grace is over.
    if (numbers.length > 0 && !this.gapCheck) {
      this.gapCheck = setTimeout(() => {
        this.gapCheck = undefined;
        if (BigInt(this.changeSeq) < this.newestSeen) {
          this.fill().then(
            () => this.gapFills++,
            () => undefined,
          );
        }
      }, 1500);
      this.gapCheck.unref();
    }
  }

  close(): void {
    clearTimeout(this.gapCheck);
    this.socket.disconnect();
  }

  /** The feed from the change number held, page by page; tried again while the socket stays up. */
  private async fill(): Promise<void> {
    for (;;) {
      try {
        for (;;) {
          const reply: Parameters<Ack<ChangesPage>>[0] = await this.socket
            .timeout(10_000)
            .emitWithAck('room.changes', { roomId: this.roomId, after: this.changeSeq, limit: 100 });
          if (!reply.ok) throw new Error(`room.changes refused: ${reply.error.code}`);
          for (const m of reply.data.changes) this.apply(m);
          if (newer(reply.data.lastChangeSeq, this.changeSeq)) this.changeSeq = reply.data.lastChangeSeq;
          if (!reply.data.hasMore) return;
        }
      } catch (error) {
        // A socket cut mid-fill fills again when it reconnects.
        if (!this.socket.connected) throw error;
      }
    }
  }

  ids(): string[] {
    return [...this.byId.values()]
      .filter((m) => m.threadRootId === null)
      .sort((x, y) => (newer(x.seq, y.seq) ? 1 : -1))
      .map((m) => m.id);
  }

  doubledLive(): number {
    return [...this.live.values()].filter((n) => n > 1).length;
  }
}

/**
 * Several nodes on one machine: two `api`, two `worker` and one `smtp` process, each the built
 * program (`dist/src/main.js`) with one role, sharing a database and a Redis prefix, the api nodes
 * behind a TCP round-robin balancer on loopback (test/utils/balancer.ts). A message crosses from
 * one node's sender to the other's sockets; each job runs once across both workers; an api node
 * killed mid-load leaves its clients to reconnect to the other and fill their gap; and a rolling
 * restart of the workers under load loses and doubles nothing.
 */
describe('faults: a deployment of several nodes on one machine', () => {
  let config: ResolvedAppConfig;
  let dataDir: string;
  const nodes: NodeProcess[] = [];
  let apiA: NodeProcess;
  let apiB: NodeProcess;
  let workers: NodeProcess[];
  let balancer: Balancer;
  let redis: Redis;
  let kim: ApiClient;
  let lee: ApiClient;
  let park: ApiClient;
  let readers: ApiClient[];
  let room: RoomView;
  const sockets: ClientSocket[] = [];

  const start = async (role: 'api' | 'worker' | 'smtp'): Promise<NodeProcess> => {
    const node = await NodeProcess.start(config, role, { IEUM_DATA_DIR: dataDir });
    nodes.push(node);
    return node;
  };

  beforeAll(async () => {
    config = await createTestConfig({ roles: [] });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ieum-nodes-'));
    // The directory is written through the real services of a process with no role, closed before any node starts.
    const setup = await createApp(config);
    await setup.init();
    const factory = new Factory(setup);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    const people = await Promise.all(
      [
        ['kim.mois', '김행안'],
        ['lee.mois', '이행안'],
        ['park.mois', '박행안'],
        ['choi.mois', '최행안'],
        ['jung.mois', '정행안'],
      ].map(([login, displayName]) => factory.user(agency, { login, displayName })),
    );
    await setup.close();

    [apiA, apiB, ...workers] = await Promise.all([
      start('api'),
      start('api'),
      start('worker'),
      start('worker'),
      start('smtp'),
    ]);
    workers.pop();
    balancer = await Balancer.start([apiA.port, apiB.port]);
    redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    [kim, lee, park, ...readers] = await Promise.all(people.map((p) => ApiClient.signIn(balancer.url, p.login)));
    const created = await kim.call<RoomView>('POST', '/rooms', {
      kind: 'group',
      name: '기획팀',
      userIds: people.slice(1).map((p) => p.id),
    });
    expect(created.status).toBe(201);
    room = created.body;
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await balancer?.close();
    await Promise.allSettled(nodes.map((n) => n.kill()));
    redis?.disconnect();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Sends once, as a client does: the same client id again after a cut connection or a 5xx, until it is stored. */
  const sendOnce = async (
    client: ApiClient,
    body: string,
    clientMessageId = cid(),
    baseUrl = balancer.url,
  ): Promise<MessageView> => {
    return until(
      async () => {
        const res = await client
          .call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId, body }, baseUrl)
          .catch(() => null);
        if (res && res.status < 500 && res.status !== 201)
          throw new Error(`send refused: ${res.status} ${JSON.stringify(res.body)}`);
        return res?.status === 201 ? res.body : undefined;
      },
      60_000,
      `the send of ${clientMessageId} to be stored`,
    );
  };

  /** The room's main timeline as the server has it, oldest first. */
  const serverTimeline = async (): Promise<MessageView[]> => {
    const all: MessageView[] = [];
    for (let after = '0'; ;) {
      const page = await lee.call<MessageView[]>(
        'GET',
        `/rooms/${room.id}/messages?after=${after}&limit=100`,
        undefined,
        apiB.url,
      );
      expect(page.status).toBe(200);
      all.push(...page.body);
      if (page.body.length < 100) return all;
      after = page.body[page.body.length - 1].seq;
    }
  };

  it('carries a message sent through one api node to sockets connected to the other', async () => {
    const leeOnB = await lee.socket(apiB.url);
    const parkOnA = await park.socket(apiA.url);
    sockets.push(leeOnB, parkOnA);
    const toLee = recordMessages(leeOnB);
    const toPark = recordMessages(parkOnA);
    const viaA = await kim.call<MessageView>(
      'POST',
      `/rooms/${room.id}/messages`,
      { clientMessageId: cid(), body: 'A 노드로 보낸 글' },
      apiA.url,
    );
    const viaB = await kim.call<MessageView>(
      'POST',
      `/rooms/${room.id}/messages`,
      { clientMessageId: cid(), body: 'B 노드로 보낸 글' },
      apiB.url,
    );
    expect([viaA.status, viaB.status]).toEqual([201, 201]);
    const got = (seen: MessageView[], id: string) => seen.filter((m) => m.id === id).length;
    await until(
      async () => (got(toLee, viaA.body.id) && got(toPark, viaB.body.id) ? true : undefined),
      10_000,
      'each message on the other node’s socket',
    );
    // Each node's sockets hear both: the sender's own node and the other, once each.
    await until(
      async () => (got(toLee, viaB.body.id) && got(toPark, viaA.body.id) ? true : undefined),
      10_000,
      'each message on the sender node’s socket',
    );
    expect([
      got(toLee, viaA.body.id),
      got(toLee, viaB.body.id),
      got(toPark, viaA.body.id),
      got(toPark, viaB.body.id),
    ]).toEqual([1, 1, 1, 1]);
    leeOnB.disconnect();
    parkOnA.disconnect();
  });

  /** Every job of a queue (any state) whose payload field is one of the ids. */
  const jobsOf = async (name: QueueName, field: string, ids: string[]): Promise<Job[]> => {
    const queue = new Queue(name, { connection: redis, prefix: `{${config.bus.prefix}}` });
    try {
      const wanted = new Set(ids);
      const jobs = await queue.getJobs([
        'completed',
        'failed',
        'active',
        'wait',
        'delayed',
        'prioritized',
        'waiting-children',
      ]);
      return jobs.filter((j) => wanted.has((j.data as Record<string, string>)[field] ?? ''));
    } finally {
      await queue.close();
    }
  };

  /** Whether every command has run and every reminder it set has fired. */
  const finished = (ids: string[]) =>
    withAdmin(config.database.url, async (c) => {
      const runs = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM command_runs WHERE message_id = ANY($1) AND status <> 'running'`,
        [ids],
      );
      const fired = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM reminders WHERE id = ANY($1) AND status = 'done'`,
        [ids],
      );
      return { answered: Number(runs.rows[0]?.n), fired: Number(fired.rows[0]?.n) };
    });

  /** For a failure's message: the reminders not fired yet and what Redis holds of their jobs. */
  const unfired = async (ids: string[]): Promise<string> => {
    const rows = await withAdmin(
      config.database.url,
      async (c) =>
        (
          await c.query<{ id: string; status: string; next_at: Date | null; created_at: Date }>(
            `SELECT id, status, next_at, created_at FROM reminders WHERE id = ANY($1) AND status <> 'done'`,
            [ids],
          )
        ).rows,
    );
    const notDone = await withAdmin(
      config.database.url,
      async (c) =>
        (
          await c.query<{ message_id: string; status: string; error_code: string | null }>(
            `SELECT message_id, status, error_code FROM command_runs WHERE message_id = ANY($1) AND status <> 'done'`,
            [ids],
          )
        ).rows,
    );
    const jobs = await jobsOf(
      QueueName.Reminders,
      'reminderId',
      rows.map((r) => r.id),
    );
    const lines = await Promise.all(
      rows.map(async (r) => {
        const job = jobs.find((j) => (j.data as { reminderId: string }).reminderId === r.id);
        const state = job ? await job.getState() : 'no job';
        return `${r.id} ${r.status} due ${r.next_at?.toISOString() ?? '-'} made ${r.created_at.toISOString()}: job ${state} ${JSON.stringify(job ? { at: (job.data as { at: string }).at, started: job.attemptsStarted, by: job.processedBy, failed: job.failedReason, returned: job.returnvalue as unknown, processedOn: job.processedOn, finishedOn: job.finishedOn } : {})}`;
      }),
    );
    const runs = notDone.map((r) => `command ${r.message_id} ${r.status} ${r.error_code ?? ''}`);
    return `${JSON.stringify(await finished(ids))}; now ${new Date().toISOString()}\n${[...runs, ...lines].join('\n')}`;
  };

  /**
   * What the commands (`/알림 … N초 후 …`, one reminder each) left: in PostgreSQL, a run, a
   * reminder fired once and its one post; in Redis, one command job and one reminder job each,
   * each started once; on the sockets, each post and private reply once.
   */
  const effects = async (
    ids: string[],
    toSelf: Set<string>,
    seen: { messages: MessageView[][]; replies: Array<{ commandMessageId: string }> },
  ) => {
    const db = await withAdmin(config.database.url, async (c) => ({
      runs: (
        await c.query<{ message_id: string; status: string; reply: string | null }>(
          `SELECT message_id, status, reply FROM command_runs WHERE message_id = ANY($1)`,
          [ids],
        )
      ).rows,
      reminders: (
        await c.query<{ id: string; status: string; fired_count: number }>(
          `SELECT id, status, fired_count FROM reminders WHERE id = ANY($1)`,
          [ids],
        )
      ).rows,
      posts: (
        await c.query<{ id: string; client_message_id: string }>(
          `SELECT id, client_message_id FROM messages WHERE substring(client_message_id from 1 for 4) IN ('cmd-', 'rem-') AND substring(client_message_id from 5 for 36) = ANY($1::text[])`,
          [ids],
        )
      ).rows,
    }));
    const commandJobs = await jobsOf(QueueName.Commands, 'messageId', ids);
    const reminderJobs = await jobsOf(QueueName.Reminders, 'reminderId', ids);
    const perId = (keys: string[]) => ids.map((id) => keys.filter((k) => k === id).length);
    const reminderPosts = db.posts.filter((p) => p.client_message_id.startsWith('rem-'));
    const roomReplies = db.posts.filter((p) => p.client_message_id.startsWith('cmd-'));
    const postIds = new Set(db.posts.map((p) => p.id));
    // Per socket: each post it is sent once at most, and every post reaches one of them.
    const pushed = seen.messages.map((list) => list.filter((m) => postIds.has(m.id)).map((m) => m.id));
    const jobs = [...commandJobs, ...reminderJobs];
    return {
      sent: ids.length,
      answered: db.runs.filter((r) => r.status === 'done').length,
      privateRepliesKept: db.runs.filter((r) => toSelf.has(r.message_id) && r.reply !== null).length,
      roomReplies: roomReplies.length,
      remindersFiredOnce: db.reminders.filter((r) => r.status === 'done' && r.fired_count === 1).length,
      reminderPostsMissing: perId(reminderPosts.map((p) => p.client_message_id.slice(4, 40))).filter((n) => n === 0)
        .length,
      reminderPostsDoubled: perId(reminderPosts.map((p) => p.client_message_id.slice(4, 40))).filter((n) => n > 1)
        .length,
      commandJobs: commandJobs.length,
      reminderJobs: reminderJobs.length,
      jobsNotCompleted: jobs.filter((j) => !j.finishedOn || j.failedReason).length,
      jobsStartedTwice: jobs.filter((j) => j.attemptsStarted !== 1).length,
      workersThatRan: new Set(jobs.map((j) => j.processedBy)).size,
      postsPushedTwice: pushed.reduce(
        (sum, list) => sum + new Set(list.filter((id, i) => list.indexOf(id) !== i)).size,
        0,
      ),
      postsNeverPushed: [...postIds].filter((id) => !pushed.some((list) => list.includes(id))).length,
      privateRepliesPushedTwice: ids.filter((id) => seen.replies.filter((r) => r.commandMessageId === id).length > 1)
        .length,
    };
  };

  const expectOnce = (c: Awaited<ReturnType<typeof effects>>, selfCount: number) => {
    expect(c.answered).toBe(c.sent);
    expect(c.privateRepliesKept).toBe(selfCount);
    expect(c.roomReplies).toBe(c.sent - selfCount);
    expect(c.remindersFiredOnce).toBe(c.sent);
    expect([c.reminderPostsMissing, c.reminderPostsDoubled]).toEqual([0, 0]);
    expect([c.commandJobs, c.reminderJobs]).toEqual([c.sent, c.sent]);
    expect([c.jobsNotCompleted, c.jobsStartedTwice]).toEqual([0, 0]);
    expect([c.postsPushedTwice, c.postsNeverPushed, c.privateRepliesPushedTwice]).toEqual([0, 0, 0]);
  };

  /** kim's socket (through the balancer) sees kim's reminders and private replies; lee's, the room's. */
  const watch = async () => {
    const kimSocket = await kim.socket(balancer.url);
    const leeSocket = await lee.socket(balancer.url);
    sockets.push(kimSocket, leeSocket);
    const seen = {
      messages: [recordMessages(kimSocket), recordMessages(leeSocket)],
      replies: record(kimSocket, 'command.reply'),
    };
    return { seen, close: () => [kimSocket, leeSocket].forEach((s) => s.disconnect()) };
  };

  it('runs each job once across both workers: forty reminders set at once and due together', async () => {
    const w = await watch();
    const n = 40;
    // Due 15 s after each command is read, so that a worker held up for seconds on a loaded machine
    // does not find the time already past (REMINDER_IN_PAST) before it stores the reminder.
    const toSelf = new Set<string>();
    const ids = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const m = await sendOnce(kim, `/알림 ${i % 2 === 0 ? '나' : '#기획팀'} 15초 후 동시 점검 ${i}`);
        if (i % 2 === 0) toSelf.add(m.id);
        return m.id;
      }),
    );
    await until(
      async () => {
        const f = await finished(ids);
        return f.answered === n && f.fired === n ? true : undefined;
      },
      60_000,
      'every command answered and every reminder fired',
      () => unfired(ids),
    );
    // What the sockets are sent after the last commit: the posts of the last reminders.
    await until(
      async () => ((await effects(ids, toSelf, w.seen)).postsNeverPushed === 0 ? true : undefined),
      10_000,
      'every post on a socket',
    );
    const c = await effects(ids, toSelf, w.seen);
    report('several nodes: forty reminders due together on two workers', c);
    expectOnce(c, toSelf.size);
    expect(c.workersThatRan).toBe(2);
    w.close();
  }, 120_000);

  it('reconnects the clients of a killed api node through the balancer to the other, which fill their gap with nothing lost or doubled while sends go on', async () => {
    // Six clients through the balancer, taking turns between the two nodes.
    const replicas: Array<{ replica: Replica; backend: number }> = [];
    for (const [i, client] of [lee, park, ...readers, lee, park].entries()) {
      const replica = new Replica(room.id, client.token, balancer.url);
      sockets.push(replica.socket);
      await until(
        async () => (replica.fills === 1 ? true : undefined),
        10_000,
        `client ${i} to connect and read the room`,
      );
      replicas.push({ replica, backend: balancer.routed[balancer.routed.length - 1] });
    }
    const onA = replicas.filter((r) => r.backend === 0).map((r) => r.replica);
    const onB = replicas.filter((r) => r.backend === 1).map((r) => r.replica);
    expect(onA.length).toBeGreaterThan(0);
    expect(onB.length).toBeGreaterThan(0);

    // Four senders over HTTP through the balancer, each sending its next once its last is stored.
    const intended: string[] = [];
    let stored = 0;
    let sending = true;
    const sender = async (client: ApiClient, name: string) => {
      for (let i = 0; sending; i++) {
        const clientMessageId = cid();
        intended.push(clientMessageId);
        await sendOnce(client, `${name} ${i}`, clientMessageId);
        stored++;
      }
    };
    const senders = [kim, park, ...readers].map((client, i) => sender(client, `보냄 ${i}`));
    await until(async () => (stored >= 30 ? true : undefined), 30_000, 'sends before the kill');

    const beforeKill = stored;
    await apiA.kill();
    // The balancer's health check would find it gone; the test takes it out at once.
    balancer.takeOut(0);
    await until(
      async () => (onA.every((r) => r.connects === 2 && r.fills === 2) ? true : undefined),
      30_000,
      'the killed node’s clients to reconnect and fill their gap',
    );
    const atReconnect = stored;
    await until(async () => (stored >= atReconnect + 30 ? true : undefined), 30_000, 'sends after the reconnect');
    sending = false;
    await Promise.all(senders);

    const server = await serverTimeline();
    const byClientId = new Map<string, number>();
    for (const m of server)
      if (m.clientMessageId) byClientId.set(m.clientMessageId, (byClientId.get(m.clientMessageId) ?? 0) + 1);
    const serverIds = server.map((m) => m.id);
    // Live events still on their way when the last send was stored arrive; nothing is waited out.
    await until(
      async () => (replicas.every((r) => r.replica.ids().join() === serverIds.join()) ? true : undefined),
      15_000,
      'every client to hold the server’s timeline',
      () =>
        Promise.resolve(
          replicas
            .map(
              (r, i) =>
                `client ${i} (node ${r.backend}): ${serverIds.filter((id) => !r.replica.byId.has(id)).length} missing`,
            )
            .join('; '),
        ),
    );
    const counts = {
      clientsOnKilledNode: onA.length,
      clientsOnOtherNode: onB.length,
      sentBeforeKill: beforeKill,
      sent: intended.length,
      storedOnce: intended.filter((id) => byClientId.get(id) === 1).length,
      storedTwice: intended.filter((id) => (byClientId.get(id) ?? 0) > 1).length,
      lost: intended.filter((id) => !byClientId.has(id)).length,
      doubledLive: replicas.reduce((sum, r) => sum + r.replica.doubledLive(), 0),
      // Fills for a change whose event never came (one the killed node committed and never published).
      gapFills: replicas.reduce((sum, r) => sum + r.replica.gapFills, 0),
    };
    report('several nodes: an api node killed mid-load', counts);
    expect(counts.storedOnce).toBe(counts.sent);
    expect([counts.lost, counts.storedTwice, counts.doubledLive]).toEqual([0, 0, 0]);
    // The killed node's clients came back once, through the balancer, to the other node; the other node's never left.
    expect(onA.map((r) => [r.connects, r.disconnects])).toEqual(onA.map(() => [2, 1]));
    expect(onB.map((r) => [r.connects, r.disconnects])).toEqual(onB.map(() => [1, 0]));
    for (const r of replicas) expect(r.replica.ids()).toEqual(serverIds);
    for (const r of replicas) r.replica.close();
  }, 120_000);

  it('loses and doubles nothing through a rolling restart of the workers under a steady load of commands', async () => {
    const w = await watch();
    const ids: string[] = [];
    const toSelf = new Set<string>();
    let sending = true;
    const load = (async () => {
      for (let i = 0; sending; i++) {
        // Due 15 s after the command is read: a worker held up for seconds (a node booting beside it on
        // a loaded machine) must not find the time past before it stores the reminder.
        const m = await sendOnce(kim, `/알림 ${i % 2 === 0 ? '나' : '#기획팀'} 15초 후 재시작 중 점검 ${i}`);
        ids.push(m.id);
        if (i % 2 === 0) toSelf.add(m.id);
        // A steady stream, not a burst: about ten commands a second.
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const answered = async (atLeast: number) => {
      await until(
        async () =>
          ids.length >= atLeast && (await finished(ids.slice(0, atLeast))).answered === atLeast ? true : undefined,
        60_000,
        `${atLeast} commands answered`,
      );
    };
    const restarted: number[] = [];
    const startSeconds: string[] = [];
    await answered(10);
    for (const [i, old] of [...workers].entries()) {
      expect(await old.stop()).toBe(0);
      // The other worker alone carries the load meanwhile.
      await answered(ids.length + 10);
      const starting = Date.now();
      workers[i] = await start('worker');
      startSeconds.push(((Date.now() - starting) / 1000).toFixed(1));
      restarted.push(workers[i].pid);
      await answered(ids.length + 10);
    }
    sending = false;
    await load;
    await until(
      async () => {
        const f = await finished(ids);
        return f.answered === ids.length && f.fired === ids.length ? true : undefined;
      },
      60_000,
      'every command answered and every reminder fired',
      () => unfired(ids),
    );
    await until(
      async () => ((await effects(ids, toSelf, w.seen)).postsNeverPushed === 0 ? true : undefined),
      10_000,
      'every post on a socket',
    );
    const c = await effects(ids, toSelf, w.seen);
    report('several nodes: rolling restart of the workers under load', {
      ...c,
      workersRestarted: restarted.length,
      secondsToStartEach: startSeconds.join('/'),
    });
    expectOnce(c, toSelf.size);
    expect(c.workersThatRan).toBeGreaterThanOrEqual(2);
    w.close();
  }, 180_000);
});
