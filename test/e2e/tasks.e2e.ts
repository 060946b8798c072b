import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { TaskNoticesJob } from '../../src/tasks/task-notices.job.js';
import { CommandService } from '../../src/commands/command.service.js';
import { DirectoryService } from '../../src/identity/directory.service.js';
import { UserKind } from '../../src/identity/identity.types.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { TaskService } from '../../src/tasks/task.service.js';
import type { TaskEventView, TaskView } from '../../src/tasks/tasks.types.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, commandOutcome, eventually, record, type ClientSocket } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

const cid = () => `c-${randomUUID()}`;

type Who = 'kim' | 'lee' | 'park' | 'seo' | 'choi' | 'jung' | 'han' | 'guest';

describe('collaboration tasks: /task, cards, access, reminders', () => {
  let api: TestApp;
  let worker: TestApp;
  const clients = {} as Record<Who, ApiClient>;
  const ids = {} as Record<Who, string>;
  let room: RoomView;
  let leeSocket: ClientSocket;
  const agencyIds = {} as Record<'mois' | 'moef' | 'acrc', string>;

  const say = async (who: Who, body: string, threadRootId?: string): Promise<MessageView> => {
    const sent = await clients[who].call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: cid(),
      body,
      ...(threadRootId ? { threadRootId } : {}),
    });
    expect(sent.status).toBe(201);
    return sent.body;
  };
  const outcome = (who: Who, messageId: string) => commandOutcome(clients[who], messageId);
  const roomMessages = async (query = '') =>
    (await clients.kim.call<MessageView[]>('GET', `/rooms/${room.id}/messages?limit=100${query}`)).body;
  const botDirect = (who: Who) =>
    withAdmin(api.config.database.url, async (c) =>
      (
        await c.query<{ body: string }>(
          `SELECT m.body FROM messages m JOIN users s ON s.id = m.sender_id AND s.login = 'bot.task' JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = $1 JOIN rooms r ON r.id = m.room_id AND r.kind = 'direct' ORDER BY m.created_at`,
          [ids[who]],
        )
      ).rows.map((r) => r.body),
    );

  beforeAll(async () => {
    const config = await createTestConfig();
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const moef = await factory.agency({ code: '1051000', name: '기획재정부' });
    const acrc = await factory.agency({ code: '1250000', name: '국민권익위원회' });
    Object.assign(agencyIds, { mois: mois.id, moef: moef.id, acrc: acrc.id });
    const people: Array<[Who, typeof mois, string]> = [
      ['kim', mois, '김행안'],
      ['lee', mois, '이행안'],
      ['park', mois, '박행안'],
      ['seo', mois, '서행안'],
      ['choi', moef, '최기재'],
      ['jung', moef, '정기재'],
      ['han', acrc, '한권익'],
    ];
    for (const [who, agency, name] of people)
      ids[who] = (await factory.user(agency, { login: `${who}.${agency.code}`, displayName: name })).id;
    for (const [who, agency] of people) clients[who] = await ApiClient.signIn(api.baseUrl, `${who}.${agency.code}`);
    // An outside committee member: a guest of the platform, in no agency.
    ids.guest = (
      await api.app.get(DirectoryService).createUser({
        kind: UserKind.CommitteeMember,
        login: 'guest.member@example.org',
        displayName: '외부위원',
        password: TEST_PASSWORD,
      })
    ).id;
    clients.guest = await ApiClient.signIn(api.baseUrl, 'guest.member@example.org');
    room = (
      await clients.kim.call<RoomView>('POST', '/rooms', {
        kind: 'collaboration',
        name: '예산 협의',
        userIds: [ids.lee, ids.choi],
      })
    ).body;
    leeSocket = await clients.lee.socket();
  });

  afterAll(async () => {
    leeSocket.disconnect();
    await worker.close();
    await api.close();
  });

  it('a /task line creates the task with its assignee, agencies and due date in Asia/Seoul; the room shows the card and the assignee is mentioned', async () => {
    const mentioned = record(leeSocket, 'mentioned');
    const command = await say('kim', '/task "예산 협의 자료 취합" @lee.1741000 @기획재정부 due:금요일');
    expect(await outcome('kim', command.id)).toMatchObject({ status: 'done', errorCode: null });
    await waitForJobs(worker.app);

    const { tasks } = (await clients.kim.call<{ tasks: TaskView[] }>('GET', `/tasks?scope=room&roomId=${room.id}`))
      .body;
    expect(tasks).toHaveLength(1);
    const task = tasks[0];
    expect(task).toMatchObject({
      title: '예산 협의 자료 취합',
      status: 'open',
      ownerAgency: { name: '행정안전부' },
      agencies: [{ name: '기획재정부' }],
      assignees: [{ id: ids.lee }],
      createdBy: { id: ids.kim },
    });
    const due = DateTime.fromISO(task.dueAt ?? '', { zone: 'Asia/Seoul' });
    const sent = DateTime.fromISO(command.createdAt, { zone: 'Asia/Seoul' });
    expect([due.weekday, due.hour, due.minute]).toEqual([5, 18, 0]);
    expect(due > sent && due.diff(sent, 'days').days <= 7).toBe(true);

    const card = (await roomMessages()).find((m) => m.kind === 'bot' && m.body.startsWith('📋 새 과제'));
    expect(card?.body).toContain(`예산 협의 자료 취합 [${task.ref}]`);
    expect(card?.body).toContain('담당 / Assignees: @lee.1741000');
    expect(card?.body).toContain('참여 기관 / Agencies: 기획재정부');
    expect(card?.body).toContain('기한 / Due: ');
    // The card opens the task's page in the web client.
    expect(card?.body.split('\n').at(-1)).toBe(`${api.config.http.publicUrl}/tasks/${task.id}`);
    expect(card?.mentions).toEqual([ids.lee]);
    expect(mentioned.map((m) => m.messageId)).toContain(card?.id);
    expect((await clients.kim.call<TaskView>('GET', `/tasks/${task.id}`)).body.cardMessageId).toBe(card?.id);

    // The same command message, retried, makes no second task: a worker killed after the task's
    // commit but before the run was settled leaves the run 'running', and the command job runs it again.
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE command_runs SET status = 'running', reply = NULL WHERE message_id = $1`, [command.id]),
    );
    expect(await worker.app.get(CommandService).run(command.id)).toBe('done');
    expect((await outcome('kim', command.id)).reply).toContain(`번호 ${task.ref}`);
    // And the service asked again with the command's source key returns the first task.
    const kimPrincipal = {
      userId: ids.kim,
      kind: 'staff' as const,
      agencyId: agencyIds.mois,
      roles: [],
      tokenId: 't',
      tokenExpiresAt: 0,
    };
    const again = await worker.app.get(TaskService).create(kimPrincipal, {
      title: '예산 협의 자료 취합',
      roomId: room.id,
      assigneeIds: [ids.lee],
      sourceKey: `cmd-${command.id}`,
    });
    expect([again.created, again.task.id]).toEqual([false, task.id]);
    await waitForJobs(worker.app);
    expect(
      (await clients.kim.call<{ tasks: TaskView[] }>('GET', '/tasks?scope=all')).body.tasks.map((t) => t.id),
    ).toEqual([task.id]);
    expect((await roomMessages()).filter((m) => m.body.startsWith('📋 새 과제'))).toHaveLength(1);
  });

  it('a status change by someone who is neither its creator nor an assignee is refused with a clear message; the assignee’s is carded in the task thread', async () => {
    const [task] = (await clients.kim.call<{ tasks: TaskView[] }>('GET', `/tasks?scope=room&roomId=${room.id}`)).body
      .tasks;
    if (!task) throw new Error('no task');
    // Choi's agency takes part, so Choi sees the task, but may not change it.
    const refused = await say('choi', `/task start ${task.ref}`);
    const run = await outcome('choi', refused.id);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'TASK_NOT_ALLOWED' });
    expect(run.reply).toContain('과제 등록자와 담당자만 상태를 바꿀 수 있습니다.');
    const viaHttp = await clients.choi.call<{ code: string; message: string }>('POST', `/tasks/${task.id}/status`, {
      status: 'done',
    });
    expect(viaHttp.status).toBe(403);
    expect(viaHttp.body.code).toBe('TASK_NOT_ALLOWED');

    const started = await say('lee', `/과제 시작 ${task.ref}`);
    expect(await outcome('lee', started.id)).toMatchObject({ status: 'done' });
    await waitForJobs(worker.app);
    const thread = await roomMessages(`&thread=${task.cardMessageId ?? ''}`);
    expect(thread.map((m) => m.body)).toEqual([
      `🔄 예산 협의 자료 취합 [${task.ref}]: 대기 → 진행 중 (open → in progress) · 이행안\n@kim.1741000`,
    ]);
    expect(thread[0]?.mentions).toEqual([ids.kim]);

    // Done cannot go back to in progress; the message says which way is possible.
    await clients.lee.call('POST', `/tasks/${task.id}/status`, { status: 'done' });
    const back = await clients.lee.call<{ code: string; message: string }>('POST', `/tasks/${task.id}/status`, {
      status: 'in_progress',
    });
    expect(back.status).toBe(409);
    expect(back.body.code).toBe('TASK_BAD_TRANSITION');
    const history = (await clients.choi.call<TaskEventView[]>('GET', `/tasks/${task.id}/history`)).body;
    expect(history.map((e) => [e.kind, e.toStatus, e.actor?.id])).toEqual([
      ['created', null, ids.kim],
      ['status', 'in_progress', ids.lee],
      ['status', 'done', ids.lee],
    ]);
  });

  it('who may do what, as a matrix of role × action: outsiders learn nothing, readers outside the task may not change it', async () => {
    const created = await clients.kim.call<TaskView>('POST', '/tasks', {
      title: '정원 조정안 검토',
      assigneeIds: [ids.lee],
      agencyIds: [],
      watcherIds: [ids.seo],
      checklist: ['초안', '의견 수렴'],
      idempotencyKey: 'matrix-task-1',
    });
    expect(created.status).toBe(201);
    const again = await clients.kim.call<TaskView>('POST', '/tasks', {
      title: '정원 조정안 검토',
      assigneeIds: [ids.lee],
      idempotencyKey: 'matrix-task-1',
    });
    expect([again.status, again.body.id]).toEqual([200, created.body.id]);
    const task = created.body;
    // Choi (another agency) is assigned later: the Ministry of Economy and Finance joins the task.
    expect(
      (
        await clients.lee.call<TaskView>('POST', `/tasks/${task.id}/assignees`, { userIds: [ids.choi] })
      ).body.agencies.map((a) => a.name),
    ).toEqual(['기획재정부']);
    await waitForJobs(worker.app);

    const item = task.checklist[0]?.id ?? '';
    const actions: Record<string, (who: Who) => Promise<number>> = {
      read: async (who) => (await clients[who].call('GET', `/tasks/${task.id}`)).status,
      history: async (who) => (await clients[who].call('GET', `/tasks/${task.id}/history`)).status,
      comment: async (who) =>
        (await clients[who].call('POST', `/tasks/${task.id}/comments`, { body: `${who}의 의견` })).status,
      edit: async (who) => (await clients[who].call('PATCH', `/tasks/${task.id}`, { priority: 'high' })).status,
      checklist: async (who) =>
        (await clients[who].call('PATCH', `/tasks/${task.id}/checklist/${item}`, { done: true })).status,
      status: async (who) =>
        (await clients[who].call('POST', `/tasks/${task.id}/status`, { status: 'in_progress' })).status,
      // Choi is assigned already, so an allowed assign changes nothing for the next person.
      assign: async (who) =>
        (await clients[who].call('POST', `/tasks/${task.id}/assignees`, { userIds: [ids.choi] })).status,
      // Last: a reader who watches joins the discussion, which would change their comment above.
      watch: async (who) => (await clients[who].call('PUT', `/tasks/${task.id}/watching`, { watching: true })).status,
    };
    const expected: Record<Who, Record<keyof typeof actions, number>> = {
      kim: { read: 200, history: 200, comment: 201, edit: 200, checklist: 200, status: 200, assign: 200, watch: 200 }, // creator
      lee: { read: 200, history: 200, comment: 201, edit: 200, checklist: 200, status: 200, assign: 200, watch: 200 }, // assignee, same agency
      choi: { read: 200, history: 200, comment: 201, edit: 200, checklist: 200, status: 200, assign: 200, watch: 200 }, // assignee from a participating agency
      seo: { read: 200, history: 200, comment: 201, edit: 403, checklist: 403, status: 403, assign: 403, watch: 200 }, // a watcher: discusses, does not change
      park: { read: 200, history: 200, comment: 403, edit: 403, checklist: 403, status: 403, assign: 403, watch: 200 }, // the owning agency, not on the task nor in its room
      jung: { read: 200, history: 200, comment: 403, edit: 403, checklist: 403, status: 403, assign: 403, watch: 200 }, // a participating agency, not on the task nor in its room
      han: { read: 404, history: 404, comment: 404, edit: 404, checklist: 404, status: 404, assign: 404, watch: 404 }, // an outside agency
      guest: { read: 404, history: 404, comment: 404, edit: 404, checklist: 404, status: 404, assign: 404, watch: 404 }, // a committee member, outside every agency
    };
    const seen = {} as Record<Who, Record<string, number>>;
    // Those who may not change it go first, so each refusal meets a task still open.
    for (const who of ['han', 'guest', 'park', 'jung', 'seo', 'kim', 'lee', 'choi'] as Who[]) {
      seen[who] = {};
      for (const [action, run] of Object.entries(actions)) seen[who][action] = await run(who);
    }
    expect(seen).toEqual(expected);
    // Refusals changed nothing: the people on it are as before, plus the readers who chose to watch.
    const after = (await clients.kim.call<TaskView>('GET', `/tasks/${task.id}`)).body;
    expect(after.assignees.map((a) => a.id).sort()).toEqual([ids.lee, ids.choi].sort());
    expect(after.watchers.map((w) => w.id).sort()).toEqual(
      [ids.seo, ids.park, ids.jung, ids.kim, ids.lee, ids.choi].sort(),
    );

    // Lists and short numbers follow the same rule.
    const listed = async (who: Who) =>
      (await clients[who].call<{ tasks: TaskView[] }>('GET', '/tasks?scope=all')).body.tasks.map((t) => t.id);
    expect(await listed('han')).toEqual([]);
    expect(await listed('guest')).toEqual([]);
    expect(await listed('jung')).toContain(task.id);
    const guess = await say('kim', `/task show ${task.ref}`);
    expect(await outcome('kim', guess.id)).toMatchObject({ status: 'done' });
    const hanRoom = (await clients.han.call<RoomView>('POST', '/rooms', { kind: 'group', name: '권익위' })).body;
    const probe = await clients.han.call<MessageView>('POST', `/rooms/${hanRoom.id}/messages`, {
      clientMessageId: cid(),
      body: `/task show ${task.ref}`,
    });
    expect(await outcome('han', probe.body.id)).toMatchObject({ status: 'failed', errorCode: 'TASK_NOT_FOUND' });
  });

  it('the people on a task and its room’s members comment; other readers are told to watch it; only room members see the room and its files', async () => {
    // In the room of Kim, Lee and Choi; Park is assigned but not in the room; the finance ministry takes part.
    const parkSocket = await clients.park.socket();
    const parkHeard = record(parkSocket, 'task.changed');
    const task = (
      await clients.kim.call<TaskView>('POST', '/tasks', {
        title: '지방재정 협의',
        roomId: room.id,
        assigneeIds: [ids.park],
        agencyIds: [agencyIds.moef],
      })
    ).body;
    await waitForJobs(worker.app);
    // Told of the change, not of the room it is discussed in.
    await eventually(() => expect(parkHeard.filter((e) => e.taskId === task.id)).not.toHaveLength(0));
    expect(parkHeard.filter((e) => e.taskId === task.id).map((e) => e.roomId)).toEqual(
      parkHeard.filter((e) => e.taskId === task.id).map(() => null),
    );
    parkSocket.disconnect();
    const card = (await clients.kim.call<TaskView>('GET', `/tasks/${task.id}`)).body.cardMessageId ?? '';
    const up = await fetch(`${api.baseUrl}/rooms/${room.id}/files?name=${encodeURIComponent('재정 협의안.txt')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clients.lee.token}` },
      body: '협의안',
    });
    const file = (await up.json()) as { id: string };
    expect(
      (
        await clients.lee.call('POST', `/rooms/${room.id}/messages`, {
          clientMessageId: cid(),
          body: '협의안입니다',
          threadRootId: card,
          fileIds: [file.id],
        })
      ).status,
    ).toBe(201);

    const comment = async (who: Who) => {
      const res = await clients[who].call<{ code?: string; message?: string }>('POST', `/tasks/${task.id}/comments`, {
        body: `${who}: 검토했습니다`,
      });
      return res.status === 201 ? 201 : `${res.status} ${res.body.code ?? ''}`;
    };
    const seen = async (who: Who) => {
      const view = (await clients[who].call<TaskView>('GET', `/tasks/${task.id}`)).body;
      return {
        roomId: view.roomId,
        cardMessageId: view.cardMessageId,
        files: view.files.map((f) => f.name),
        canComment: view.can.comment,
      };
    };
    const inRoom = { roomId: room.id, cardMessageId: card, files: ['재정 협의안.txt'], canComment: true };
    expect({
      kim: await seen('kim'),
      lee: await seen('lee'),
      choi: await seen('choi'),
      park: await seen('park'),
      jung: await seen('jung'),
    }).toEqual({
      kim: inRoom, // creator, in the room
      lee: inRoom, // in the room, not on the task
      choi: inRoom, // in the room, from the participating ministry
      park: { roomId: null, cardMessageId: null, files: [], canComment: true }, // assignee outside the room
      jung: { roomId: null, cardMessageId: null, files: [], canComment: false }, // a reader from the participating ministry, neither on the task nor in the room
    });
    expect({
      kim: await comment('kim'),
      lee: await comment('lee'),
      choi: await comment('choi'),
      park: await comment('park'),
      jung: await comment('jung'),
    }).toEqual({
      kim: 201,
      lee: 201,
      choi: 201,
      park: 201,
      jung: '403 TASK_NOT_IN_DISCUSSION',
    });
    const refused = await clients.jung.call<{ messages: { ko: string; en: string } }>(
      'POST',
      `/tasks/${task.id}/comments`,
      { body: '의견' },
    );
    expect(refused.body.messages.ko).toContain('과제를 관심 등록하거나');
    expect(refused.body.messages.en).toContain('Watch the task');

    // The same refusal from chat; watching the task lets Jung join its discussion.
    const jungRoom = (await clients.jung.call<RoomView>('POST', '/rooms', { kind: 'group', name: '정기재 메모' })).body;
    const typed = await clients.jung.call<MessageView>('POST', `/rooms/${jungRoom.id}/messages`, {
      clientMessageId: cid(),
      body: `/task comment ${task.ref} 의견 드립니다`,
    });
    const run = await outcome('jung', typed.body.id);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'TASK_NOT_IN_DISCUSSION' });
    expect(run.reply).toContain('과제 관련자(등록자, 담당자, 관심 등록자)와 과제 방 참여자만 댓글을 남길 수 있습니다.');
    expect((await clients.jung.call('PUT', `/tasks/${task.id}/watching`, { watching: true })).status).toBe(200);
    expect(await comment('jung')).toBe(201);
    await waitForJobs(worker.app);
    const thread = (await roomMessages(`&thread=${card}`)).filter((m) => m.body.startsWith('💬'));
    expect(thread.map((m) => m.body.split('\n')[0])).toEqual([
      '💬 김행안: kim: 검토했습니다',
      '💬 이행안: lee: 검토했습니다',
      '💬 최기재: choi: 검토했습니다',
      '💬 박행안: park: 검토했습니다',
      '💬 정기재: jung: 검토했습니다',
    ]);
  });

  it('a task made over HTTP without a room gets its own; comments go into its thread; lists page by cursor and filter the overdue', async () => {
    const created = (
      await clients.jung.call<TaskView>('POST', '/tasks', {
        title: '세제 개편 의견 조회',
        assigneeIds: [ids.choi, ids.lee],
        dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      })
    ).body;
    expect(created.overdue).toBe(true);
    const own = (await clients.jung.call<RoomView[]>('GET', '/rooms')).body.find((r) => r.id === created.roomId);
    expect(own).toMatchObject({ kind: 'collaboration', name: '세제 개편 의견 조회' });
    await waitForJobs(worker.app);
    expect(
      (await clients.choi.call('POST', `/tasks/${created.id}/comments`, { body: '초안 공유드립니다' })).status,
    ).toBe(201);
    await waitForJobs(worker.app);
    const card = (await clients.jung.call<TaskView>('GET', `/tasks/${created.id}`)).body.cardMessageId ?? '';
    const thread = (await clients.jung.call<MessageView[]>('GET', `/rooms/${created.roomId}/messages?thread=${card}`))
      .body;
    expect(thread.map((m) => m.body)).toEqual(['💬 최기재: 초안 공유드립니다\n@jung.1051000 @lee.1741000']);

    // Files posted in the task's thread are its attachments.
    const up = await fetch(
      `${api.baseUrl}/rooms/${created.roomId}/files?name=${encodeURIComponent('세제 개편안.txt')}`,
      { method: 'POST', headers: { authorization: `Bearer ${clients.choi.token}` }, body: '개편안 초안' },
    );
    const file = (await up.json()) as { id: string };
    expect(
      (
        await clients.choi.call('POST', `/rooms/${created.roomId}/messages`, {
          clientMessageId: cid(),
          body: '초안 파일입니다',
          threadRootId: card,
          fileIds: [file.id],
        })
      ).status,
    ).toBe(201);
    expect((await clients.jung.call<TaskView>('GET', `/tasks/${created.id}`)).body.files.map((f) => f.name)).toEqual([
      '세제 개편안.txt',
    ]);

    const mine = async (cursor?: string) =>
      (
        await clients.lee.call<{ tasks: TaskView[]; nextCursor: string | null }>(
          'GET',
          `/tasks?scope=mine&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).body;
    const first = await mine();
    const second = await mine(first.nextCursor ?? '');
    const all = [...first.tasks, ...second.tasks].map((t) => t.title);
    expect(all).toEqual(['세제 개편 의견 조회', '정원 조정안 검토', '예산 협의 자료 취합']);
    expect(second.nextCursor).toBeNull();
    expect(
      (await clients.lee.call<{ tasks: TaskView[] }>('GET', '/tasks?scope=mine&overdue=true')).body.tasks.map(
        (t) => t.title,
      ),
    ).toEqual(['세제 개편 의견 조회']);
    expect((await clients.lee.call('GET', '/tasks?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect(
      (await clients.jung.call<TaskView>('POST', `/tasks/${created.id}/status`, { status: 'cancelled' })).body.overdue,
    ).toBe(false);
  });

  it('lists filter by agency (owning or taking part) and by due soon (open, due within the days asked)', async () => {
    const hour = 3_600_000;
    const soon = (
      await clients.han.call<TaskView>('POST', '/tasks', {
        title: '곧 마감 과제',
        assigneeIds: [ids.choi],
        dueAt: new Date(Date.now() + 2 * 24 * hour).toISOString(),
      })
    ).body;
    const later = (
      await clients.han.call<TaskView>('POST', '/tasks', {
        title: '나중 마감 과제',
        dueAt: new Date(Date.now() + 20 * 24 * hour).toISOString(),
      })
    ).body;
    const past = (
      await clients.han.call<TaskView>('POST', '/tasks', {
        title: '지난 마감 과제',
        dueAt: new Date(Date.now() - hour).toISOString(),
      })
    ).body;
    const finished = (
      await clients.han.call<TaskView>('POST', '/tasks', {
        title: '끝난 과제',
        dueAt: new Date(Date.now() + 24 * hour).toISOString(),
      })
    ).body;
    await clients.han.call('POST', `/tasks/${finished.id}/status`, { status: 'done' });
    const titles = async (who: Who, query: string) =>
      (await clients[who].call<{ tasks: TaskView[] }>('GET', `/tasks?${query}`)).body.tasks.map((t) => t.title);

    expect(await titles('han', 'scope=mine&dueWithinDays=7')).toEqual([soon.title]);
    expect(await titles('han', 'scope=mine&dueWithinDays=30')).toEqual([later.title, soon.title]);
    expect(await titles('han', 'scope=mine&overdue=true')).toEqual([past.title]);
    // 기획재정부 takes part through its assignee: its people see that task under "my agency", not the others.
    const moef = await titles('jung', 'scope=agency');
    expect(moef).toContain(soon.title);
    expect(moef).not.toContain(later.title);
    expect(await titles('jung', 'scope=mine')).not.toContain(soon.title);
    // The owner's colleagues see them all; 행정안전부 sees none of them.
    expect(await titles('han', 'scope=agency')).toEqual(
      expect.arrayContaining([soon.title, later.title, past.title, finished.title]),
    );
    expect(await titles('kim', 'scope=agency')).not.toContain(soon.title);
    expect((await clients.guest.call<{ tasks: TaskView[] }>('GET', '/tasks?scope=agency')).body.tasks).toEqual([]);
    expect((await clients.han.call('GET', '/tasks?dueWithinDays=0')).status).toBe(400);
    expect((await clients.han.call('GET', '/tasks?scope=agencies')).status).toBe(400);
    // Closed, so the reminder and digest sweeps of the later cases do not see them.
    for (const task of [soon, later, past])
      await clients.han.call('POST', `/tasks/${task.id}/status`, { status: 'cancelled' });
  });

  it('chat commands, message in and reply out: /task list, assign, comment, done, and cancel with its /confirm', async () => {
    const reply = async (who: Who, body: string) => {
      const sent = await say(who, body);
      return outcome(who, sent.id);
    };
    const view = async (id: string) => (await clients.kim.call<TaskView>('GET', `/tasks/${id}`)).body;
    const task = (
      await clients.kim.call<TaskView>('POST', '/tasks', {
        title: '채팅 명령 점검',
        roomId: room.id,
        assigneeIds: [ids.lee],
      })
    ).body;
    const late = (
      await clients.kim.call<TaskView>('POST', '/tasks', {
        title: '지연된 보고',
        roomId: room.id,
        assigneeIds: [ids.lee],
        dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      })
    ).body;
    await waitForJobs(worker.app);
    const line = `• ${task.ref}  채팅 명령 점검 · 대기 · 기한 없음`;

    // /task list: mine by default, the room's, the overdue; only open ones, and only to the sender.
    const roomList = await reply('kim', '/task list room');
    expect(roomList).toMatchObject({ status: 'done', errorCode: null, ephemeral: true });
    expect(roomList.reply?.split('\n')[0]).toBe('이 방의 과제:');
    expect(roomList.reply).toContain(line);
    const leeList = await reply('lee', '/과제 목록');
    expect(leeList.reply?.split('\n')[0]).toBe('내 과제:');
    expect(leeList.reply).toContain(line);
    expect(leeList.reply).toMatch(new RegExp(`• ${late.ref} {2}지연된 보고 · 대기 · .+ ⚠️`));
    const overdue = await reply('lee', '/task list overdue');
    expect(overdue.reply?.split('\n')).toEqual([
      '기한이 지난 내 과제:',
      expect.stringContaining(`• ${late.ref}  지연된 보고`),
    ]);
    expect((await reply('choi', '/task list')).reply).not.toContain(task.ref);
    expect((await reply('kim', '/task list 전부')).reply).toBe('목록은 내, 방, 지연 중 하나입니다("전부" 아님).');

    // /task assign: the assignee and their agency join the task.
    const assigned = await reply('kim', `/task assign ${task.ref} @choi.1051000`);
    expect(assigned).toMatchObject({ status: 'done', errorCode: null });
    expect(assigned.reply).toMatch(/^채팅 명령 점검 담당: (이행안, 최기재|최기재, 이행안)$/);
    const afterAssign = await view(task.id);
    expect(afterAssign.assignees.map((a) => a.id).sort()).toEqual([ids.lee, ids.choi].sort());
    expect(afterAssign.agencies.map((a) => a.name)).toEqual(['기획재정부']);
    expect((await reply('choi', '/task list')).reply).toContain(line);

    // /task comment: the comment is in the history and carded in the task's thread.
    const commented = await reply('choi', `/과제 댓글 ${task.ref} 자료 올렸습니다`);
    expect([commented.status, commented.reply]).toEqual(['done', '채팅 명령 점검에 댓글을 남겼습니다.']);
    await waitForJobs(worker.app);
    const history = (await clients.kim.call<TaskEventView[]>('GET', `/tasks/${task.id}/history`)).body;
    expect(history.filter((e) => e.kind === 'comment').map((e) => [e.actor?.id, e.body])).toEqual([
      [ids.choi, '자료 올렸습니다'],
    ]);
    const thread = await roomMessages(`&thread=${afterAssign.cardMessageId ?? ''}`);
    expect(thread.map((m) => m.body.split('\n')[0])).toContain('💬 최기재: 자료 올렸습니다');

    // /task done by an assignee: done, and gone from the open lists.
    const done = await reply('lee', `/task done ${task.ref}`);
    expect([done.status, done.reply]).toEqual(['done', '채팅 명령 점검: 완료']);
    expect((await view(task.id)).status).toBe('done');
    expect((await reply('lee', '/task list')).reply).not.toContain(task.ref);

    // /task cancel asks first; nothing changes until its sender confirms, and the code is theirs alone.
    const ask = await say('kim', `/task cancel ${late.ref}`);
    const asked = await outcome('kim', ask.id);
    expect(asked).toMatchObject({ status: 'awaiting_confirmation', errorCode: null });
    expect(asked.reply).toMatch(
      /^이 과제를 취소하고 관련된 모두에게 알릴까요\?\n진행하려면 \d+분 안에 \/확인 [A-Z0-9]{6} 을\(를\) 보내세요\.$/,
    );
    const code = /\/확인 ([A-Z0-9]{6})/.exec(asked.reply ?? '')?.[1] ?? '';
    expect((await view(late.id)).status).toBe('open');
    expect((await reply('lee', `/confirm ${code}`)).errorCode).toBe('COMMAND_CONFIRMATION_EXPIRED');
    expect((await view(late.id)).status).toBe('open');
    const confirmed = await say('kim', `/confirm ${code}`);
    expect(await outcome('kim', confirmed.id)).toMatchObject({ status: 'done', errorCode: null });
    expect(await outcome('kim', ask.id)).toMatchObject({ status: 'done', reply: '지연된 보고: 취소' });
    expect((await view(late.id)).status).toBe('cancelled');
    expect((await reply('kim', `/confirm ${code}`)).errorCode).toBe('COMMAND_CONFIRMATION_EXPIRED');
    expect(
      (await clients.kim.call<TaskEventView[]>('GET', `/tasks/${late.id}/history`)).body
        .filter((e) => e.kind === 'status')
        .map((e) => e.toStatus),
    ).toEqual(['cancelled']);
  });

  it('a change that overtakes the creation card still lands in the task’s thread', async () => {
    // With no worker running, the comment's card job would run before the creation card exists.
    await worker.close();
    const task = (
      await clients.kim.call<TaskView>('POST', '/tasks', {
        title: '회의록 정리',
        roomId: room.id,
        assigneeIds: [ids.lee],
      })
    ).body;
    expect((await clients.lee.call('POST', `/tasks/${task.id}/comments`, { body: '바로 시작합니다' })).status).toBe(
      201,
    );
    const comment = await withAdmin(
      api.config.database.url,
      async (c) =>
        (await c.query<{ id: string }>(`SELECT id FROM task_events WHERE task_id = $1 AND kind = 'comment'`, [task.id]))
          .rows[0]?.id ?? '',
    );
    await expect(
      api.app
        .get(TaskNoticesJob)
        .card(
          { taskId: task.id, eventId: comment },
          { jobId: 'early', eventId: undefined, attempt: 1, maxAttempts: 5 },
        ),
    ).rejects.toThrow(/creation card is not posted yet/);
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await eventually(async () => {
      const card = (await clients.kim.call<TaskView>('GET', `/tasks/${task.id}`)).body.cardMessageId;
      expect(card).not.toBeNull();
      const thread = await roomMessages(`&thread=${card ?? ''}`);
      expect(thread.map((m) => m.body)).toEqual(['💬 이행안: 바로 시작합니다\n@kim.1741000']);
    }, 20_000);
    expect(
      (await roomMessages()).filter((m) => m.body.startsWith('💬 이행안: 바로 시작합니다') && m.threadRootId === null),
    ).toEqual([]);
  });

  it('reminds assignees a day before and at the due time, never early and never twice, and mails a morning digest of what is overdue', async () => {
    const dueAt = DateTime.now()
      .setZone('Asia/Seoul')
      .plus({ days: 3 })
      .set({ hour: 18, minute: 0, second: 0, millisecond: 0 });
    const task = (
      await clients.kim.call<TaskView>('POST', '/tasks', {
        title: '국정감사 답변서',
        assigneeIds: [ids.park],
        dueAt: dueAt.toJSDate().toISOString(),
      })
    ).body;
    const bot = worker.app.get(TaskNoticesJob);
    const at = (t: DateTime) => t.toJSDate();
    const remindersFor = async () =>
      (await botDirect('park')).filter((b) => b.includes('국정감사 답변서') && b.startsWith('⏰'));

    expect((await bot.sweepAt(at(dueAt.minus({ days: 1, seconds: 1 })))).reminders).toBe(0);
    expect(await remindersFor()).toEqual([]);
    expect((await bot.sweepAt(at(dueAt.minus({ days: 1 }).plus({ seconds: 1 })))).reminders).toBe(1);
    expect((await bot.sweepAt(at(dueAt.minus({ hours: 20 })))).reminders).toBe(0);
    expect(await remindersFor()).toHaveLength(1);
    expect((await remindersFor())[0]).toContain('기한 1일 전입니다');
    // At the due time (18:00) the reminder goes, but no "morning" digest in the evening.
    expect(await bot.sweepAt(at(dueAt.plus({ seconds: 1 })))).toEqual({ reminders: 1, digests: 0 });
    expect((await remindersFor())[1]).toContain('기한이 되었습니다');

    // The next morning at 9 (Seoul) the assignee gets one digest of overdue tasks; not a second that day.
    const nextMorning = dueAt.plus({ days: 1 }).set({ hour: 9, minute: 5 });
    expect((await bot.sweepAt(at(nextMorning.minus({ hours: 1 })))).digests).toBe(0);
    expect((await bot.sweepAt(at(nextMorning))).digests).toBe(1);
    expect((await bot.sweepAt(at(nextMorning.plus({ hours: 2 })))).digests).toBe(0);
    const digest = (await botDirect('park')).filter((b) => b.startsWith('📋 기한이 지난 과제'));
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain(`국정감사 답변서 [${task.ref}]`);

    // Done tasks are not overdue: the day after, no digest.
    await clients.park.call('POST', `/tasks/${task.id}/status`, { status: 'done' });
    expect((await bot.sweepAt(at(nextMorning.plus({ days: 1 })))).digests).toBe(0);
  });

  it('a task nobody is assigned to, or whose assignee left, reminds its creator, and only until someone is assigned', async () => {
    const dueAt = DateTime.now()
      .setZone('Asia/Seoul')
      .plus({ days: 10 })
      .set({ hour: 18, minute: 0, second: 0, millisecond: 0 });
    const unassigned = (
      await clients.kim.call<TaskView>('POST', '/tasks', {
        title: '담당자 없는 과제',
        dueAt: dueAt.toJSDate().toISOString(),
      })
    ).body;
    const orphaned = (
      await clients.kim.call<TaskView>('POST', '/tasks', {
        title: '퇴직자 담당 과제',
        assigneeIds: [ids.seo],
        dueAt: dueAt.toJSDate().toISOString(),
      })
    ).body;
    await waitForJobs(worker.app);
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [ids.seo]),
    );
    const bot = worker.app.get(TaskNoticesJob);
    const at = (t: DateTime) => t.toJSDate();
    const about = async (who: Who, prefix: string) =>
      (await botDirect(who)).filter(
        (b) => b.startsWith(prefix) && (b.includes('담당자 없는 과제') || b.includes('퇴직자 담당 과제')),
      );

    expect((await bot.sweepAt(at(dueAt.minus({ days: 1 }).plus({ seconds: 1 })))).reminders).toBe(2);
    const reminders = await about('kim', '⏰');
    const firstLines = reminders.map((b) => b.split('\n')[0] ?? '').sort();
    expect(firstLines).toHaveLength(2);
    expect(firstLines[0]).toMatch(
      new RegExp(`^⏰ 담당자 없는 과제 \\[${unassigned.id.slice(0, 8)}\\] — 기한 1일 전입니다`),
    );
    expect(firstLines[1]).toMatch(
      new RegExp(`^⏰ 퇴직자 담당 과제 \\[${orphaned.id.slice(0, 8)}\\] — 기한 1일 전입니다`),
    );
    for (const body of reminders)
      expect(body).toContain(
        '담당자가 없어 등록자에게 알립니다. / No one is assigned, so you, its creator, are reminded.',
      );
    expect(await about('seo', '⏰')).toEqual([]);
    for (const who of ['lee', 'park', 'choi'] as Who[]) expect(await about(who, '⏰')).toEqual([]);

    // The morning after the due day the creator's digest lists both.
    const morning = dueAt.plus({ days: 1 }).set({ hour: 9, minute: 5 });
    expect((await bot.sweepAt(at(morning))).digests).toBe(1);
    const digest = await about('kim', '📋 기한이 지난 과제');
    expect(digest).toHaveLength(1);
    expect(digest[0]?.split('\n')[0]).toBe('📋 기한이 지난 과제 2건 / 2 overdue tasks');
    expect(digest[0]).toContain(`담당자 없는 과제 [${unassigned.id.slice(0, 8)}]`);
    expect(digest[0]).toContain(`퇴직자 담당 과제 [${orphaned.id.slice(0, 8)}]`);

    // Once someone is assigned, the reminders are theirs and the creator hears only of the other.
    expect((await clients.kim.call('POST', `/tasks/${unassigned.id}/assignees`, { userIds: [ids.lee] })).status).toBe(
      200,
    );
    expect((await bot.sweepAt(at(morning.plus({ days: 1 })))).digests).toBe(2);
    const leeDigest = (await botDirect('lee')).filter((b) => b.startsWith('📋 기한이 지난 과제'));
    expect(leeDigest.at(-1)).toContain(`담당자 없는 과제 [${unassigned.id.slice(0, 8)}]`);
    expect(leeDigest.at(-1)).not.toContain('퇴직자 담당 과제');
    const kimDigest = await about('kim', '📋 기한이 지난 과제');
    expect(kimDigest).toHaveLength(2);
    expect(kimDigest[1]?.split('\n')[0]).toBe('📋 기한이 지난 과제 1건 / 1 overdue task');
    expect(kimDigest[1]).toContain('퇴직자 담당 과제');
  });
});
