import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { QueueService } from '../../src/bus/queue.service.js';
import { BotRegistry } from '../../src/commands/bot.registry.js';
import type { CommandSpec } from '../../src/commands/sdk/command-table.js';
import { UserRole } from '../../src/identity/identity.types.js';
import type { CommandReplyEvent, MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually, record, recordMessages, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;

interface CommandRun {
  command: string | null;
  status: string;
  errorCode: string | null;
  reply: string | null;
  ephemeral: boolean;
}

/**
 * Command lines that once broke the pipeline after its answer went out: each must be answered
 * exactly once and its run must end, whatever fails after the reply is composed.
 */
describe('slash commands at the edges', () => {
  let api: TestApp;
  let worker: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let socket: ClientSocket;
  let replies: CommandReplyEvent[];
  let roomMessages: MessageView[];

  beforeAll(async () => {
    const config = await createTestConfig();
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const user = await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    kim = await ApiClient.signIn(api.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [] })).body;
    expect(user.id).toBeDefined();
    socket = await kim.socket();
    replies = record(socket, 'command.reply');
    roomMessages = recordMessages(socket);
  });

  afterAll(async () => {
    socket.disconnect();
    await worker.close();
    await api.close();
  });

  const say = async (body: string): Promise<MessageView> => {
    const sent = await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body });
    expect(sent.status).toBe(201);
    return sent.body;
  };

  /** The run once it left `running`; a run that never does fails the test. */
  const settled = async (messageId: string, timeoutMs = 20_000): Promise<CommandRun> => {
    let run: CommandRun | undefined;
    await eventually(async () => {
      const res = await kim.call<CommandRun>('GET', `/commands/runs/${messageId}`);
      expect(res.status).toBe(200);
      expect(res.body.status).not.toBe('running');
      run = res.body;
    }, timeoutMs);
    if (!run) throw new Error('no run');
    return run;
  };

  /**
   * Every answer the worker could still send has arrived: no command job is waiting or due for a
   * retry, and a later command's reply (sent down the same channel, so in order) came back.
   */
  const quiet = async (): Promise<void> => {
    await waitForJobs(worker.app);
    const counts = await worker.app.get(QueueService).queue('commands').getJobCounts('delayed', 'failed');
    expect(counts).toEqual({ delayed: 0, failed: 0 });
    const marker = await say('/도움말');
    await eventually(() => expect(replies.some((r) => r.commandMessageId === marker.id)).toBe(true), 10_000);
  };

  const repliesTo = (messageId: string) => replies.filter((r) => r.commandMessageId === messageId);

  it('answers a command name of 70 letters once, as an unknown command, and closes its run', async () => {
    const command = await say(`/${'z'.repeat(70)}`);
    const run = await settled(command.id);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'COMMAND_UNKNOWN', command: null });
    await quiet();
    expect(repliesTo(command.id)).toEqual([expect.objectContaining({ ok: false, code: 'COMMAND_UNKNOWN' })]);
    // The name is echoed shortened, not 70 letters of it.
    expect(repliesTo(command.id)[0]?.text).toContain(`/${'z'.repeat(20)}…`);
  });

  it('reads a line joined by zero-width spaces as it is displayed: one unknown command, with the one meant', async () => {
    const words = [
      '/remind',
      'me',
      '30분',
      '후',
      '예산',
      '자료',
      '보내기',
      '그리고',
      '회의실',
      '예약',
      '확인하기',
      '꼭',
      '잊지',
      '말고',
      '오늘',
      '안에',
      '담당자',
      '에게도',
      '공유하기',
      '부탁드립니다',
    ];
    const line = words.join('\u200b');
    expect(line.length).toBeGreaterThan(64);
    const command = await say(line);
    const run = await settled(command.id);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'COMMAND_UNKNOWN' });
    expect(run.reply).toContain('/remind');
    await quiet();
    expect(repliesTo(command.id)).toHaveLength(1);
    const reminders = await withAdmin(
      api.config.database.url,
      async (c) => (await c.query('SELECT 1 FROM reminders WHERE id = $1', [command.id])).rowCount,
    );
    expect(reminders).toBe(0);
  });

  /**
   * A command that exists only in this test, added to the worker's registry; it belongs to the
   * reminder bot, whose user posts its room answers.
   */
  const testCommand = (name: string, run: CommandSpec['subcommands'][number]['run'], roles?: UserRole[]) => {
    const registry = worker.app.get(BotRegistry);
    const bot = registry.find('remind')?.bot;
    if (!bot) throw new Error('no reminder bot');
    registry.register([
      {
        bot,
        owner: 'test',
        commands: [
          {
            name,
            aliases: [],
            summary: { en: name, ko: name },
            subcommands: [
              { name: '', summary: { en: name, ko: name }, usage: `/${name}`, examples: [], args: [], run, roles },
            ],
          },
        ],
      },
    ]);
  };

  /**
   * The ledger refuses to close the runs of one command twice, as a database would that failed
   * just after the handler's work: a sequence counts the refusals, as it is not rolled back.
   */
  const failLedgerTwice = async (command: string): Promise<void> => {
    const fn = `test_fail_${command.replace(/-/g, '_')}`;
    await withAdmin(api.config.database.url, async (c) => {
      await c.query(`CREATE SEQUENCE ${fn}_seq`);
      await c.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('${fn}_seq') <= 2 THEN RAISE EXCEPTION 'the ledger is down'; END IF;
          RETURN NEW;
        END $$`);
      await c.query(
        `CREATE TRIGGER ${fn} BEFORE UPDATE ON command_runs FOR EACH ROW WHEN (NEW.status <> 'running' AND NEW.command = '${command}') EXECUTE FUNCTION ${fn}()`,
      );
    });
  };

  it('never answers twice when the run cannot be closed after the answer is ready', async () => {
    let calls = 0;
    testCommand('ledger-flaky', () => {
      calls += 1;
      return Promise.resolve({ visibility: 'ephemeral', text: { en: 'done', ko: '처리했습니다' } });
    });
    await failLedgerTwice('ledger-flaky');
    const command = await say('/ledger-flaky');
    const run = await settled(command.id);
    expect(run).toMatchObject({ status: 'done', reply: '처리했습니다', command: 'ledger-flaky' });
    await quiet();
    // Two attempts failed to close the run, the third did: the handler ran each time, the answer went out once.
    expect(calls).toBe(3);
    expect(repliesTo(command.id)).toEqual([expect.objectContaining({ ok: true, text: '처리했습니다' })]);
  });

  it('posts a room answer once when the run cannot be closed after it was posted', async () => {
    testCommand('ledger-flaky-room', () =>
      Promise.resolve({ visibility: 'room', text: { en: 'posted', ko: '방에 올렸습니다' } }),
    );
    await failLedgerTwice('ledger-flaky-room');
    const command = await say('/ledger-flaky-room');
    expect(await settled(command.id)).toMatchObject({ status: 'done', ephemeral: false });
    await quiet();
    expect(roomMessages.filter((m) => m.body === '방에 올렸습니다')).toHaveLength(1);
    expect(repliesTo(command.id)).toEqual([]);
  });

  it('says which role may run a command the sender may not', async () => {
    let calls = 0;
    testCommand(
      'casework',
      () => {
        calls += 1;
        return Promise.resolve({ visibility: 'ephemeral', text: { en: 'ok', ko: '확인' } });
      },
      [UserRole.ComplaintInvestigator],
    );
    const command = await say('/casework');
    const run = await settled(command.id);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'COMMAND_NOT_ALLOWED' });
    expect(run.reply).toBe('이 명령은 민원 조사관만 실행할 수 있습니다 (/casework).');
    expect(calls).toBe(0);
  });

  it('refuses an impossible date with its own code, naming it, and schedules nothing', async () => {
    for (const [line, named] of [
      ['/알림 나 2월 30일 오후 3시 회의 자료', '2월 30일'],
      ['/remind me 31/02 15:00 budget', '31/02'],
      ['/remind me 2026-02-30 10:00 budget', '2026-02-30'],
      ['/알림 나 내일 25시 보고', '25시'],
    ] as const) {
      const command = await say(line);
      const run = await settled(command.id);
      expect(run).toMatchObject({ status: 'failed', errorCode: 'COMMAND_PARSE_IMPOSSIBLE_DATE' });
      expect(run.reply).toContain(`"${named}"`);
      const stored = await withAdmin(
        api.config.database.url,
        async (c) => (await c.query('SELECT 1 FROM reminders WHERE id = $1', [command.id])).rowCount,
      );
      expect(stored).toBe(0);
    }
  });
});
