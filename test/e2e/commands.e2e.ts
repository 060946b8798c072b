import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { QueueService } from '../../src/bus/queue.service.js';
import { BotRegistry } from '../../src/commands/bot.registry.js';
import { CommandService } from '../../src/commands/command.service.js';
import { ReminderService, reminderJobId } from '../../src/reminders/reminder.service.js';
import type { CommandSpec } from '../../src/commands/sdk/command-table.js';
import type { CommandHint } from '../../src/commands/commands.controller.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { RedisService } from '../../src/redis/redis.service.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, eventually, record, recordMessages, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;

interface CommandRun {
  status: string;
  errorCode: string | null;
  reply: string | null;
  ephemeral: boolean;
  confirmationCode?: string | null;
}

describe('slash commands and /remind', () => {
  let api: TestApp;
  let worker: TestApp;
  let kim: ApiClient;
  let lee: ApiClient;
  let ids: Record<'kim' | 'lee', string>;
  let room: RoomView;
  let kimSocket: ClientSocket;
  let leeSocket: ClientSocket;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const config = await createTestConfig();
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const users = {
      kim: await factory.user(mois, { login: 'kim.mois', displayName: '김행안' }),
      lee: await factory.user(mois, { login: 'lee.mois', displayName: '이행안' }),
    };
    ids = { kim: users.kim.id, lee: users.lee.id };
    // Lee reads English; replies follow the sender's locale.
    await withAdmin(api.config.database.url, (c) => c.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [ids.lee]));
    [kim, lee] = await Promise.all(['kim.mois', 'lee.mois'].map((l) => ApiClient.signIn(api.baseUrl, l)));
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [ids.lee] })).body;
    kimSocket = await kim.socket();
    leeSocket = await lee.socket();
    sockets.push(kimSocket, leeSocket);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await worker.close();
    await api.close();
  });

  const say = async (client: ApiClient, body: string, roomId = room.id): Promise<MessageView> => {
    const sent = await client.call<MessageView>('POST', `/rooms/${roomId}/messages`, { clientMessageId: cid(), body });
    expect(sent.status).toBe(201);
    return sent.body;
  };

  const outcome = async (client: ApiClient, messageId: string): Promise<CommandRun> => {
    let run: CommandRun | undefined;
    await eventually(async () => {
      const res = await client.call<CommandRun>('GET', `/commands/runs/${messageId}`);
      expect(res.status).toBe(200);
      expect(res.body.status).not.toBe('running');
      run = res.body;
    }, 10_000);
    if (!run) throw new Error('no outcome');
    return run;
  };

  const messages = async () => (await kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100`)).body;

  it('lists every command with Korean aliases and argument hints', async () => {
    const res = await kim.call<CommandHint[]>('GET', '/commands');
    expect(res.status).toBe(200);
    const remind = res.body.find((c) => c.name === 'remind');
    expect(remind?.aliases).toContain('알림');
    expect(res.body.find((c) => c.name === 'help')?.aliases).toContain('도움말');
    expect(res.body.find((c) => c.name === 'confirm')?.aliases).toEqual(['확인']);
    expect(remind?.subcommands.find((s) => s.name === '')?.args.map((a) => [a.name, a.kind])).toEqual([
      ['target', 'target'],
      ['when', 'schedule'],
      ['text', 'text'],
    ]);
  });

  it('answers /help only to the sender, in their language, generated from the tables', async () => {
    const kimReplies = record(kimSocket, 'command.reply');
    const leeReplies = record(leeSocket, 'command.reply');
    const ko = await say(kim, '/도움말');
    const en = await say(lee, '/help remind');
    await eventually(() => {
      expect(kimReplies.map((r) => r.commandMessageId)).toEqual([ko.id]);
      expect(leeReplies.map((r) => r.commandMessageId)).toEqual([en.id]);
    }, 10_000);
    expect(kimReplies[0]?.text).toContain('/remind (/알림, /reminder)');
    expect(kimReplies[0]?.text).toContain('명령 목록');
    expect(kimReplies[0]?.text).toContain('/confirm (/확인)');
    expect(leeReplies[0]?.text).toContain('/remind me|@user|#room <when> <text>');
    // Nothing was posted in the room for an ephemeral answer.
    expect((await messages()).filter((m) => m.kind === 'bot')).toEqual([]);
  });

  it('suggests the command meant, and gives the usage line for bad arguments', async () => {
    const typo = await say(kim, '/remnd me 내일 9시 점검');
    const typoRun = await outcome(kim, typo.id);
    expect(typoRun).toMatchObject({ status: 'failed', errorCode: 'COMMAND_UNKNOWN' });
    expect(typoRun.reply).toContain('/remind');

    const missing = await say(kim, '/알림 나');
    const missingRun = await outcome(kim, missing.id);
    expect(missingRun).toMatchObject({ status: 'failed', errorCode: 'COMMAND_BAD_ARGUMENTS' });
    expect(missingRun.reply).toContain('사용법: /remind me|@user|#room <when> <text>');

    const english = await say(lee, '/remind nobody tomorrow 9am x');
    const englishRun = await outcome(lee, english.id);
    expect(englishRun.errorCode).toBe('COMMAND_BAD_ARGUMENTS');
    expect(englishRun.reply).toContain('Usage: /remind');

    const quote = await say(kim, '/알림 나 내일 "닫히지 않은');
    expect((await outcome(kim, quote.id)).status).toBe('failed');
  });

  it('/remind @colleague at a Korean time stores the instant in Asia/Seoul and answers in the room as the bot', async () => {
    const command = await say(kim, '/알림 @lee.mois 내일 오후 3시 예산 자료 제출');
    const run = await outcome(kim, command.id);
    expect(run).toMatchObject({ status: 'done', ephemeral: false });
    const expected = DateTime.now()
      .setZone('Asia/Seoul')
      .plus({ days: 1 })
      .set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
    const stored = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ next_at: Date; target_user_id: string }>(
            'SELECT next_at, target_user_id FROM reminders WHERE id = $1',
            [command.id],
          )
        ).rows,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.next_at.toISOString()).toBe(expected.toUTC().toISO({ suppressMilliseconds: false }));
    expect(stored[0]?.target_user_id).toBe(ids.lee);
    const replies = (await messages()).filter((m) => m.kind === 'bot');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.senderName).toBe('알림봇');
    expect(replies[0]?.body).toContain('@lee.mois');
    expect(replies[0]?.mentions).toEqual([ids.lee]);
  });

  it('runs a command once however often its job is retried', async () => {
    const command = await say(kim, '/remind #기획팀 every monday 9am 주간 회의 자료 올리기');
    await outcome(kim, command.id);
    const service = worker.app.get(CommandService);
    expect(await service.run(command.id)).toBe('skipped');
    // A retry that finds the ledger still open (a crash before it closed) re-runs idempotently.
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE command_runs SET status = 'running' WHERE message_id = $1`, [command.id]),
    );
    expect(await service.run(command.id)).toBe('done');
    const count = await withAdmin(
      api.config.database.url,
      async (c) =>
        (await c.query<{ n: string }>('SELECT count(*) AS n FROM reminders WHERE id = $1', [command.id])).rows[0]?.n,
    );
    expect(count).toBe('1');
    const replies = (await messages()).filter((m) => m.kind === 'bot' && m.body.includes('주간 회의'));
    expect(replies).toHaveLength(1);
    const recurrence = await withAdmin(
      api.config.database.url,
      async (c) =>
        (await c.query<{ recurrence: string }>('SELECT recurrence FROM reminders WHERE id = $1', [command.id])).rows[0]
          ?.recurrence,
    );
    expect(recurrence).toMatch(/RRULE:FREQ=WEEKLY;.*BYDAY=MO/);
  });

  /** A command message stored without its outbox event, so no job runs it until the test does. */
  const storedCommand = async (
    senderId: string,
    body: string,
    agoSeconds = 0,
  ): Promise<{ id: string; created_at: Date }> => {
    const row = await withAdmin(api.config.database.url, async (c) => {
      const rows = await c.query<{ id: string; created_at: Date }>(
        `WITH b AS (UPDATE rooms SET last_seq = last_seq + 1, last_change_seq = last_change_seq + 1 WHERE id = $1 RETURNING last_seq, last_change_seq)
         INSERT INTO messages (room_id, seq, change_seq, sender_id, client_message_id, kind, body, created_at)
         SELECT $1, b.last_seq, b.last_change_seq, $2, $3, 'text', $4, now() - make_interval(secs => $5) FROM b RETURNING id, created_at`,
        [room.id, senderId, cid(), body, agoSeconds],
      );
      return rows.rows[0];
    });
    if (!row) throw new Error('no message');
    return row;
  };

  it('reads times against when the command was sent, not when its job runs', async () => {
    // A command message sent an hour ago whose job only runs now (a backlog, or a retry).
    const sent = await storedCommand(ids.kim, '/알림 나 2시간 후 늦게 처리된 명령', 3600);
    expect(await worker.app.get(CommandService).run(sent.id)).toBe('done');
    const nextAt = (
      await withAdmin(api.config.database.url, (c) =>
        c.query<{ next_at: Date }>('SELECT next_at FROM reminders WHERE id = $1', [sent.id]),
      )
    ).rows[0]?.next_at;
    expect(Math.abs((nextAt?.getTime() ?? 0) - (sent.created_at.getTime() + 2 * 3600_000))).toBeLessThan(60_000);
  });

  it('asks before cancelling every reminder, and /confirm carries it out once', async () => {
    const ask = await say(kim, '/알림 취소 전체');
    const asked = await outcome(kim, ask.id);
    expect(asked.status).toBe('awaiting_confirmation');
    const code = /\/확인 ([A-Z0-9]{6})/.exec(asked.reply ?? '')?.[1];
    expect(code).toBeDefined();
    const stillActive = async () =>
      Number(
        (
          await withAdmin(api.config.database.url, (c) =>
            c.query<{ n: string }>(`SELECT count(*) AS n FROM reminders WHERE creator_id = $1 AND status = 'active'`, [
              ids.kim,
            ]),
          )
        ).rows[0]?.n,
      );
    expect(await stillActive()).toBeGreaterThan(0);

    const wrongPerson = await say(lee, `/confirm ${code ?? ''}`);
    expect((await outcome(lee, wrongPerson.id)).errorCode).toBe('COMMAND_CONFIRMATION_EXPIRED');
    expect(await stillActive()).toBeGreaterThan(0);

    const confirm = await say(kim, `/확인 ${code ?? ''}`);
    expect((await outcome(kim, confirm.id)).status).toBe('done');
    expect((await outcome(kim, ask.id)).status).toBe('done');
    expect(await stillActive()).toBe(0);
    const again = await say(kim, `/확인 ${code ?? ''}`);
    expect((await outcome(kim, again.id)).errorCode).toBe('COMMAND_CONFIRMATION_EXPIRED');
  });

  it('delivers a reminder due in 2 s once and not early', async () => {
    const leeBot = recordMessages(leeSocket);
    const sentAt = Date.now();
    const command = await say(lee, '/remind me in 2 seconds stand up and stretch');
    const run = await outcome(lee, command.id);
    expect(run.status).toBe('done');
    const dueAt = (
      await withAdmin(api.config.database.url, (c) =>
        c.query<{ next_at: Date }>('SELECT next_at FROM reminders WHERE id = $1', [command.id]),
      )
    ).rows[0]?.next_at;
    expect(dueAt).toBeDefined();
    await eventually(() => expect(leeBot.filter((m) => m.body === '⏰ stand up and stretch')).toHaveLength(1), 10_000);
    const delivered = leeBot.find((m) => m.body === '⏰ stand up and stretch');
    expect(Date.parse(delivered?.createdAt ?? '')).toBeGreaterThanOrEqual(dueAt?.getTime() ?? Infinity);
    expect(Date.parse(delivered?.createdAt ?? '')).toBeGreaterThanOrEqual(sentAt + 1000);
    await new Promise((r) => setTimeout(r, 1500));
    await waitForJobs(worker.app);
    expect(leeBot.filter((m) => m.body === '⏰ stand up and stretch')).toHaveLength(1);
    const status = (
      await withAdmin(api.config.database.url, (c) =>
        c.query<{ status: string; fired_count: number }>('SELECT status, fired_count FROM reminders WHERE id = $1', [
          command.id,
        ]),
      )
    ).rows[0];
    expect(status).toEqual({ status: 'done', fired_count: 1 });
  });

  /** A command of a bot that exists only in this test, added to the worker's registry like any bot's table. */
  const testCommand = (name: string, spec: Pick<CommandSpec['subcommands'][number], 'run' | 'confirm'>) => {
    worker.app.get(BotRegistry).register([
      {
        bot: { id: `test-${name}`, displayName: { ko: '시험', en: 'Test' } },
        owner: 'test',
        commands: [
          {
            name,
            aliases: [],
            summary: { en: name, ko: name },
            subcommands: [
              { name: '', summary: { en: name, ko: name }, usage: `/${name}`, examples: [], args: [], ...spec },
            ],
          },
        ],
      },
    ]);
  };

  it('answers a command whose handler keeps failing on our side once its last attempt fails, instead of leaving it running', async () => {
    let calls = 0;
    testCommand('archive-down', {
      run: () => {
        calls += 1;
        return Promise.reject(new Error('the document archive is down'));
      },
    });
    const replies = record(kimSocket, 'command.reply');
    const command = await say(kim, '/archive-down');
    let run: CommandRun | undefined;
    await eventually(async () => {
      run = (await kim.call<CommandRun>('GET', `/commands/runs/${command.id}`)).body;
      expect(run.status).toBe('failed');
    }, 40_000);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'COMMAND_FAILED', ephemeral: true });
    expect(run?.reply).toContain('잠시 후 다시 시도하세요');
    expect(calls).toBe(5);
    expect(replies.filter((r) => r.commandMessageId === command.id)).toEqual([
      expect.objectContaining({ ok: false, code: 'COMMAND_FAILED' }),
    ]);
    await waitForJobs(worker.app);
    const failedJobs = await worker.app.get(QueueService).queue('commands').getJobCounts('failed');
    expect(failedJobs.failed).toBe(0);
  }, 60_000);

  it('two /confirm of one code at once carry the command out once', async () => {
    let calls = 0;
    testCommand('launch', {
      confirm: () => ({ en: 'Launch?', ko: '진행할까요?' }),
      run: () => {
        calls += 1;
        return Promise.resolve({ visibility: 'ephemeral', text: { en: 'launched', ko: '진행했습니다' } });
      },
    });
    const ask = await say(kim, '/launch');
    const asked = await outcome(kim, ask.id);
    expect(asked.status).toBe('awaiting_confirmation');
    const code = /\/확인 ([A-Z0-9]{6})/.exec(asked.reply ?? '')?.[1] ?? '';
    const [first, second] = [
      await storedCommand(ids.kim, `/confirm ${code}`),
      await storedCommand(ids.kim, `/확인 ${code}`),
    ];
    const service = worker.app.get(CommandService);
    const results = await Promise.all([service.run(first.id), service.run(second.id)]);
    expect(results.sort()).toEqual(['done', 'failed']);
    expect(calls).toBe(1);
    expect((await outcome(kim, ask.id)).status).toBe('done');
    const refused = await Promise.all([outcome(kim, first.id), outcome(kim, second.id)]);
    expect(refused.map((r) => r.errorCode).sort()).toEqual(['COMMAND_CONFIRMATION_EXPIRED', null]);
  });

  it('settles a confirmed command whose handler fails, and answers the sender', async () => {
    testCommand('shaky', {
      confirm: () => ({ en: 'Go?', ko: '진행할까요?' }),
      run: () => Promise.reject(new Error('the registry of deeds is down')),
    });
    const asked = record(kimSocket, 'command.reply');
    const ask = await say(kim, '/shaky');
    const waiting = await outcome(kim, ask.id);
    const code = /\/확인 ([A-Z0-9]{6})/.exec(waiting.reply ?? '')?.[1] ?? '';
    // The code travels on its own too, for a client's Confirm button, in the reply and the run.
    expect(waiting.confirmationCode).toBe(code);
    await eventually(() =>
      expect(asked.filter((r) => r.commandMessageId === ask.id)).toEqual([
        expect.objectContaining({ ok: true, confirmationCode: code }),
      ]),
    );
    const replies = record(kimSocket, 'command.reply');
    const confirm = await say(kim, `/확인 ${code}`);
    expect(await outcome(kim, confirm.id)).toMatchObject({ status: 'failed', errorCode: 'COMMAND_FAILED' });
    expect(await outcome(kim, ask.id)).toMatchObject({
      status: 'failed',
      errorCode: 'COMMAND_FAILED',
      confirmationCode: null,
    });
    await eventually(() =>
      expect(replies.filter((r) => r.commandMessageId === ask.id)).toEqual([
        expect.objectContaining({ ok: false, code: 'COMMAND_FAILED' }),
      ]),
    );
  });

  it('schedules again a reminder whose job failed every attempt, when the sweep finds it', async () => {
    const command = await say(kim, '/remind me in 10 minutes 실패한 작업 다시');
    expect((await outcome(kim, command.id)).status).toBe('done');
    const at = (
      await withAdmin(api.config.database.url, (c) =>
        c.query<{ next_at: Date }>('SELECT next_at FROM reminders WHERE id = $1', [command.id]),
      )
    ).rows[0]?.next_at;
    if (!at) throw new Error('no reminder');
    const queue = worker.app.get(QueueService).queue('reminders');
    const jobId = reminderJobId(command.id, at);
    // What five failed attempts leave behind: a failed job kept under the occurrence's id. This
    // one fails for real (it wakes ten minutes early), in one attempt instead of five.
    await (await queue.getJob(jobId))?.remove();
    await queue.add('reminder-fire', { reminderId: command.id, at: at.toISOString() }, { jobId, attempts: 1 });
    await eventually(async () => expect(await (await queue.getJob(jobId))?.getState()).toBe('failed'), 10_000);

    await worker.app.get(ReminderService).rebuild();
    expect(await (await queue.getJob(jobId))?.getState()).toBe('delayed');
  });

  it('ends a reminder to a room its creator has left, and tells the creator', async () => {
    const team = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '임시팀', userIds: [ids.lee] }))
      .body;
    const command = await say(kim, '/remind #임시팀 in 3 seconds 임시팀 주간 보고', team.id);
    expect((await outcome(kim, command.id)).status).toBe('done');
    expect((await kim.call('DELETE', `/rooms/${team.id}/members/me`)).status).toBe(204);
    const reminder = async () =>
      (
        await withAdmin(api.config.database.url, (c) =>
          c.query<{ status: string }>('SELECT status FROM reminders WHERE id = $1', [command.id]),
        )
      ).rows[0]?.status;
    await eventually(async () => expect(await reminder()).toBe('done'), 15_000);
    await waitForJobs(worker.app);
    const posted = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ room_id: string; body: string }>(
            `SELECT room_id, body FROM messages WHERE body LIKE '%임시팀 주간 보고%' AND kind = 'bot'`,
          )
        ).rows,
    );
    // Only the bot's answer to the command is in the room, never the reminder itself.
    expect(posted.filter((m) => m.room_id === team.id && m.body === '⏰ 임시팀 주간 보고')).toEqual([]);
    const notices = posted.filter((m) => m.room_id !== team.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain('방에서 나가셔서');
    expect(notices[0]?.body).toContain('You left the room');
    const direct = await kim.call<Array<{ id: string; kind: string }>>('GET', '/rooms');
    expect(direct.body.some((r) => r.id === notices[0]?.room_id && r.kind === 'direct')).toBe(true);
  });

  it('still delivers after Redis lost every job and the worker restarted', async () => {
    const leeBot = recordMessages(leeSocket);
    const command = await say(lee, '/remind me in 4 seconds after the flush');
    expect((await outcome(lee, command.id)).status).toBe('done');
    await worker.close();
    // What FLUSHALL does to this deployment, without touching other test files' keys.
    const redis = api.app.get(RedisService).client;
    const prefix = api.app.get(QueueService).prefix;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    const reminderJobs = await api.app.get(QueueService).queue('reminders').getJobCounts('delayed');
    expect(reminderJobs.delayed).toBe(0);
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await eventually(() => expect(leeBot.filter((m) => m.body === '⏰ after the flush')).toHaveLength(1), 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(leeBot.filter((m) => m.body === '⏰ after the flush')).toHaveLength(1);
  });
});
