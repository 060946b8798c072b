import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { QueueService } from '../../src/bus/queue.service.js';
import { BotRegistry } from '../../src/commands/bot.registry.js';
import { UserRole } from '../../src/identity/identity.types.js';
import type { ErrorBody } from '../../src/common/error-body.js';
import type { CommandReplyEvent, MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient, eventually, record, recordMessages, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { slashLines } from '../utils/slash-lines.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const SEED = 4_242_026;
const LINES = 2_000;
/** One line in this many goes through the socket instead of HTTP. */
const BY_SOCKET = 8;
const PARALLEL = 8;

interface CommandRun {
  status: string;
  errorCode: string | null;
  ephemeral: boolean;
}
interface Coded {
  statusCode?: number;
  code?: string;
  messages?: { ko?: string; en?: string };
}

/**
 * 2,000 fuzzed slash lines sent as messages by a signed-in person, to the real server and worker:
 * no 5xx, every command run ends, each is answered exactly once, every refusal is coded.
 */
describe('hostile slash lines through the server', () => {
  let t: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let socket: ClientSocket;
  let replies: CommandReplyEvent[];
  let seen: MessageView[];

  beforeAll(async () => {
    t = await startTestApp(await createTestConfig());
    const factory = new Factory(t.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(mois, {
      login: 'kim.mois',
      displayName: '김행안',
      roles: [UserRole.Member, UserRole.ComplaintInvestigator],
    });
    await factory.user(mois, { login: 'lee.mois', displayName: '김행안' });
    kim = await ApiClient.signIn(t.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [] })).body;
    await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '방', userIds: [] });
    socket = await kim.socket();
    replies = record(socket, 'command.reply');
    seen = recordMessages(socket);
  });

  afterAll(async () => {
    socket.disconnect();
    await t.close();
  });

  it(`answers ${LINES.toLocaleString('en')} fuzzed lines once each, with coded refusals and no 5xx`, async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const errors = jest.spyOn(Logger.prototype, 'error');
    const registry = t.app.get(BotRegistry);
    const subcommands = registry
      .list()
      .flatMap((e) => e.spec.subcommands.flatMap((s) => [s.name, ...(s.aliases ?? [])]))
      .filter((n) => n !== '');
    const lines = slashLines([...registry.names(), 'confirm', '확인'], subcommands, LINES, SEED);
    const started = Date.now();

    const byStatus = new Map<string, number>();
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const failures: string[] = [];
    const sent: MessageView[] = [];
    const sendOne = async (line: string, i: number) => {
      const clientMessageId = `fuzz-${SEED}-${i}`;
      if (i % BY_SOCKET === 0) {
        const ack = (await socket
          .timeout(10_000)
          .emitWithAck('message.send', { roomId: room.id, clientMessageId, body: line })
          .catch(() => undefined)) as { ok: true; data: MessageView } | { ok: false; error: ErrorBody } | undefined;
        if (!ack) return void failures.push(`line ${i} (socket): no ack`);
        if (ack.ok) return void (count(byStatus, 'socket ok'), sent.push(ack.data));
        count(byStatus, `socket ${ack.error.statusCode} ${ack.error.code}`);
        if (ack.error.statusCode >= 500 || !ack.error.messages.ko || !ack.error.messages.en)
          failures.push(`line ${i} (socket): ${JSON.stringify(ack.error)}`);
        return;
      }
      const res = await kim.call<MessageView & Coded>('POST', `/rooms/${room.id}/messages`, {
        clientMessageId,
        body: line,
      });
      if (res.status === 201) return void (count(byStatus, '201'), sent.push(res.body));
      count(byStatus, `${res.status} ${res.body.code}`);
      if (res.status >= 500 || !res.body.code || !res.body.messages?.ko || !res.body.messages.en)
        failures.push(`line ${i} (HTTP): ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    };
    for (let i = 0; i < lines.length; i += PARALLEL)
      await Promise.all(lines.slice(i, i + PARALLEL).map((line, j) => sendOne(line, i + j)));
    const sending = Date.now() - started;

    // Every command job has run, none waits for a retry, and none gave up.
    const commandQueue = t.app.get(QueueService).queue('commands');
    await eventually(async () => {
      await waitForJobs(t.app, 60_000);
      expect(await commandQueue.getJobCounts('delayed', 'waiting', 'active')).toEqual({
        delayed: 0,
        waiting: 0,
        active: 0,
      });
    }, 60_000);
    const commands = sent.filter((m) => m.body.normalize('NFKC').trimStart().startsWith('/'));
    const runs = new Map<string, CommandRun>();
    for (let i = 0; i < commands.length; i += 16) {
      await Promise.all(
        commands.slice(i, i + 16).map(async (m) => {
          const res = await kim.call<CommandRun>('GET', `/commands/runs/${m.id}`);
          if (res.status !== 200) failures.push(`run of ${m.id}: ${res.status}`);
          else runs.set(m.id, res.body);
        }),
      );
    }
    const byRun = new Map<string, number>();
    for (const [id, run] of runs) {
      count(byRun, `${run.status}${run.errorCode ? ` ${run.errorCode}` : ''}`);
      if (run.status === 'running') failures.push(`run of ${id} is still running`);
      if (run.status === 'failed' && !run.errorCode) failures.push(`run of ${id} failed without a code`);
    }

    // Each answer went out before its run closed; the last ones may still be on their way to the socket.
    const answers = (id: string) =>
      replies.filter((r) => r.commandMessageId === id).length +
      seen.filter((m) => m.clientMessageId === `cmd-${id}`).length;
    await eventually(
      () => expect(commands.filter((m) => answers(m.id) === 0).map((m) => m.id)).toEqual([]),
      20_000,
    ).catch(() => undefined);
    // A marker's answer follows every earlier one down the same channel.
    const marker = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: `fuzz-${SEED}-marker`,
      body: '/도움말',
    });
    await eventually(() => expect(replies.some((r) => r.commandMessageId === marker.body.id)).toBe(true), 10_000);

    let missing = 0;
    let doubled = 0;
    for (const m of commands) {
      const run = runs.get(m.id);
      const ephemeral = replies.filter((r) => r.commandMessageId === m.id);
      const inRoom = seen.filter((msg) => msg.clientMessageId === `cmd-${m.id}`);
      const total = ephemeral.length + inRoom.length;
      if (total === 0) missing++;
      if (total > 1) doubled++;
      if (total !== 1)
        failures.push(
          `${JSON.stringify(m.body).slice(0, 120)}: answered ${total} times (${ephemeral.length} to the sender, ${inRoom.length} in the room)`,
        );
      else if (run && run.ephemeral !== (ephemeral.length === 1))
        failures.push(
          `${JSON.stringify(m.body).slice(0, 120)}: run says ephemeral ${run.ephemeral}, answered ${ephemeral.length === 1 ? 'to the sender' : 'in the room'}`,
        );
      for (const r of ephemeral)
        if (!r.ok && !r.code) failures.push(`${JSON.stringify(m.body).slice(0, 120)}: refused without a code`);
    }
    const jobFailures = warnings.mock.calls.map((c) => String(c[0])).filter((w) => /failed \(attempt/.test(w));
    const table = (map: Map<string, number>) =>
      [...map.entries()]
        .sort(([, a], [, b]) => b - a)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
    // eslint-disable-next-line no-console
    console.log(
      `hostile commands: seed ${SEED}, ${lines.length} lines (${Math.ceil(lines.length / BY_SOCKET)} by socket) in ${Math.round(sending / 1000)} s, ` +
        `${Math.round((Date.now() - started) / 1000)} s in all; sent ${table(byStatus)}; ${commands.length} commands, ` +
        `${missing} unanswered, ${doubled} answered more than once, ${jobFailures.length} job failures; runs ${table(byRun)}`,
    );
    expect(failures.slice(0, 30)).toEqual([]);
    expect([missing, doubled, jobFailures.slice(0, 5), errors.mock.calls.length]).toEqual([0, 0, [], 0]);
    warnings.mockRestore();
    errors.mockRestore();
  }, 180_000);
});
