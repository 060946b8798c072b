import { Injectable, Logger } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { formatDue } from '../common/duration-text.js';
import { validationFailed } from '../common/ieum.exception.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UserRepository } from '../identity/user.repository.js';
import { RoomKind } from '../messenger/messenger.types.js';
import { RealtimePublisher } from '../messenger/realtime/realtime.publisher.js';
import { RoomService } from '../messenger/room.service.js';
import type { TaskEventEntity } from './task-event.entity.js';
import type { TaskEntity } from './task.entity.js';
import { TaskException } from './task.exception.js';
import { TaskRepository, type NewTaskEvent } from './task.repository.js';
import { TaskViewService } from './task-views.service.js';
import { TASK_TRANSITIONS, TaskPriority, TaskStatus, type TaskView } from './tasks.types.js';

export const MAX_TASK_ASSIGNEES = 50;
/** Matches no agency (the nil UUID), for a reader who has none. */
const NO_AGENCY = '00000000-0000-0000-0000-000000000000';

export interface CreateTaskInput {
  title: string;
  description?: string | null;
  /** The room the task is discussed in; without one the task gets its own. */
  roomId?: string | null;
  /** The thread in that room it was created from (a command typed in a thread): its discussion. */
  threadRootId?: string | null;
  assigneeIds?: string[];
  watcherIds?: string[];
  /** Agencies taking part besides the owner's (assignees' agencies are added on their own). */
  agencyIds?: string[];
  dueAt?: Date | null;
  priority?: TaskPriority;
  checklist?: string[];
  /** What asked for it (a command message id, a client key): asking again returns the same task. */
  sourceKey?: string | null;
}

export interface TaskListQuery {
  scope: 'mine' | 'agency' | 'room' | 'all';
  roomId?: string;
  overdue?: boolean;
  /** Due soon: open or in progress, due between now and this many days ahead. */
  dueWithinDays?: number;
  statuses?: TaskStatus[];
  cursor?: string;
  limit?: number;
}

/**
 * Collaboration tasks (협업과제). Members of the owning agency and of participating agencies read a
 * task, as do its creator, assignees and watchers; only the creator and assignees change it. The
 * people on the task and the members of its room comment (a comment is carded into the room, and
 * people on the task outside the room get every card by DM, so they already follow that thread);
 * only room members see the room and the files of its thread.
 * Every change writes the task, its history row and a card event in one transaction; the task bot
 * posts the card in the task's room from that event (TaskCardService writes it); TaskViewService
 * shapes what readers see. Comments, the checklist and the history are TaskActivityService's.
 */
@Injectable()
export class TaskService {
  private readonly logger = new Logger(TaskService.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: TaskRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly rooms: RoomService,
    private readonly events: EventPublisher,
    private readonly realtime: RealtimePublisher,
    private readonly access: AccessService,
    private readonly views: TaskViewService,
  ) {}

  async create(principal: Principal, input: CreateTaskInput): Promise<{ task: TaskView; created: boolean }> {
    const creator = await this.users.findById(principal.userId);
    if (!creator || creator.kind !== 'staff' || !creator.agencyId || creator.disabledAt) throw TaskException.notStaff();
    const ownerAgencyId = creator.agencyId;
    const title = input.title.trim();
    if (title.length === 0 || title.length > 300)
      throw validationFailed([
        { field: 'title', problems: [{ en: 'title must be 1-300 characters', ko: '제목은 1~300자여야 합니다' }] },
      ]);
    if (input.sourceKey) {
      const earlier = await this.tasks.findBySourceKey(input.sourceKey);
      if (earlier) return { task: await this.views.view(principal, earlier), created: false };
    }
    if (input.roomId) await this.rooms.access(principal, input.roomId);
    const assignees = await this.staff([...new Set(input.assigneeIds ?? [])]);
    const watchers = await this.staff(
      [...new Set(input.watcherIds ?? [])].filter((id) => !assignees.some((a) => a.id === id)),
    );
    if (assignees.length > MAX_TASK_ASSIGNEES)
      throw validationFailed([
        {
          field: 'assigneeIds',
          problems: [{ en: `at most ${MAX_TASK_ASSIGNEES} assignees`, ko: `담당자는 최대 ${MAX_TASK_ASSIGNEES}명` }],
        },
      ]);
    const named = await this.agencies.findByIds([...new Set(input.agencyIds ?? [])]);
    if (named.length !== new Set(input.agencyIds ?? []).size)
      throw validationFailed([{ field: 'agencyIds', problems: [{ en: 'unknown agency', ko: '없는 기관' }] }]);
    const participating = [
      ...new Set([...named.map((a) => a.id), ...assignees.flatMap((a) => (a.agencyId ? [a.agencyId] : []))]),
    ].filter((id) => id !== ownerAgencyId);

    const stored = await this.uow.run(async (tx) => {
      let roomId = input.roomId ?? null;
      if (!roomId) {
        const invited = [...assignees, ...watchers]
          .filter((u) => u.id !== principal.userId)
          .map((u) => ({ id: u.id, agencyId: u.agencyId }));
        const kind = invited.every((u) => u.agencyId === ownerAgencyId) ? RoomKind.Group : RoomKind.Collaboration;
        roomId = (await this.rooms.createIn(tx, principal, { kind, name: title, topic: null }, invited)).id;
      }
      const result = await this.tasks.insertOnce(tx, {
        title,
        description: input.description?.trim() || null,
        ownerAgencyId,
        createdBy: principal.userId,
        priority: input.priority ?? TaskPriority.Normal,
        dueAt: input.dueAt ?? null,
        roomId,
        cardMessageId: input.roomId ? (input.threadRootId ?? null) : null,
        sourceKey: input.sourceKey ?? null,
      });
      if (!result.created) return result;
      const taskId = result.task.id;
      await this.tasks.addAgencies(tx, taskId, participating);
      await this.tasks.addMembers(
        tx,
        taskId,
        assignees.map((a) => a.id),
        'assignee',
      );
      await this.tasks.addMembers(
        tx,
        taskId,
        watchers.map((w) => w.id),
        'watcher',
      );
      for (const text of (input.checklist ?? []).map((t) => t.trim()).filter((t) => t.length > 0))
        await this.tasks.addChecklistItem(tx, taskId, text.slice(0, 500));
      await this.record(tx, result.task, {
        actorId: principal.userId,
        kind: 'created',
        userIds: assignees.map((a) => a.id),
      });
      return result;
    });
    return { task: await this.views.view(principal, stored.task), created: stored.created };
  }

  async get(principal: Principal, id: string): Promise<TaskView> {
    return this.views.view(principal, await this.readable(principal, id));
  }

  /** A task by the start of its id (what commands take), among those the person may read. */
  async findByRef(principal: Principal, ref: string): Promise<TaskEntity> {
    const clean = ref.trim().toLowerCase();
    if (!/^[0-9a-f-]{4,36}$/.test(clean)) throw TaskException.notFound();
    const found = await this.tasks.findByRef(clean, reader(principal));
    if (found.length > 1) throw TaskException.ambiguous(clean);
    if (!found[0]) throw TaskException.notFound();
    return found[0];
  }

  async list(
    principal: Principal,
    query: TaskListQuery,
    now = new Date(),
  ): Promise<{ tasks: TaskView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 100);
    if (query.scope === 'room') {
      if (!query.roomId)
        throw validationFailed([
          {
            field: 'roomId',
            problems: [{ en: 'roomId is required with scope=room', ko: 'scope=room 에는 roomId가 필요합니다' }],
          },
        ]);
      await this.rooms.access(principal, query.roomId);
    }
    const rows = await this.tasks.list({
      reader: reader(principal),
      mineOf: query.scope === 'mine' ? principal.userId : undefined,
      // A guest has no agency: their agency's tasks are none.
      agencyOf: query.scope === 'agency' ? (reader(principal).agencyId ?? NO_AGENCY) : undefined,
      roomId: query.scope === 'room' ? query.roomId : undefined,
      overdueAt: query.overdue ? now : undefined,
      due: query.dueWithinDays
        ? { from: now, to: new Date(now.getTime() + query.dueWithinDays * 86_400_000) }
        : undefined,
      statuses: query.statuses,
      afterId: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      tasks: await this.views.views(principal, page, now),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  async changeStatus(principal: Principal, id: string, to: TaskStatus): Promise<TaskView> {
    const task = await this.changeable(principal, id, 'status');
    if (task.status === to) return this.views.view(principal, task);
    if (!TASK_TRANSITIONS[task.status].includes(to)) throw TaskException.badTransition(task.status, to);
    const changed = await this.uow.run(async (tx) => {
      if (!(await this.tasks.changeStatus(tx, task.id, task.status, to))) return false;
      await this.record(tx, task, { actorId: principal.userId, kind: 'status', fromStatus: task.status, toStatus: to });
      return true;
    });
    if (!changed) throw TaskException.changed();
    return this.get(principal, id);
  }

  async update(
    principal: Principal,
    id: string,
    patch: { title?: string; description?: string | null; dueAt?: Date | null; priority?: TaskPriority },
  ): Promise<TaskView> {
    const task = await this.changeable(principal, id, 'edit');
    const title = patch.title?.trim();
    if (title !== undefined && (title.length === 0 || title.length > 300))
      throw validationFailed([
        { field: 'title', problems: [{ en: 'title must be 1-300 characters', ko: '제목은 1~300자여야 합니다' }] },
      ]);
    const changes: string[] = [];
    if (title !== undefined && title !== task.title) changes.push(`제목 / title: ${title}`);
    if (patch.dueAt !== undefined && (patch.dueAt?.getTime() ?? null) !== (task.dueAt?.getTime() ?? null))
      changes.push(`기한 / due: ${patch.dueAt ? formatDue(patch.dueAt, 'Asia/Seoul').ko : '없음 / none'}`);
    if (patch.priority !== undefined && patch.priority !== task.priority)
      changes.push(`우선순위 / priority: ${patch.priority}`);
    if (patch.description !== undefined && (patch.description?.trim() || null) !== task.description)
      changes.push('설명 / description');
    if (changes.length === 0) return this.views.view(principal, task);
    await this.uow.run(async (tx) => {
      await this.tasks.update(tx, task.id, {
        ...(title !== undefined ? { title } : {}),
        ...(patch.description !== undefined ? { description: patch.description?.trim() || null } : {}),
        ...(patch.dueAt !== undefined ? { dueAt: patch.dueAt } : {}),
        ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
      });
      await this.record(tx, task, { actorId: principal.userId, kind: 'edited', body: changes.join('\n') });
    });
    return this.get(principal, id);
  }

  async assign(principal: Principal, id: string, userIds: string[]): Promise<TaskView> {
    const task = await this.changeable(principal, id, 'edit');
    const people = await this.staff([...new Set(userIds)]);
    const current = (await this.tasks.membersOf([task.id])).filter((m) => m.role === 'assignee').length;
    if (current + people.length > MAX_TASK_ASSIGNEES)
      throw validationFailed([
        {
          field: 'userIds',
          problems: [{ en: `at most ${MAX_TASK_ASSIGNEES} assignees`, ko: `담당자는 최대 ${MAX_TASK_ASSIGNEES}명` }],
        },
      ]);
    await this.uow.run(async (tx) => {
      const added = await this.tasks.addMembers(
        tx,
        task.id,
        people.map((p) => p.id),
        'assignee',
      );
      if (added.length === 0) return;
      await this.tasks.addAgencies(tx, task.id, [
        ...new Set(
          people
            .filter((p) => added.includes(p.id))
            .flatMap((p) => (p.agencyId && p.agencyId !== task.ownerAgencyId ? [p.agencyId] : [])),
        ),
      ]);
      await this.record(tx, task, { actorId: principal.userId, kind: 'assigned', userIds: added });
    });
    return this.get(principal, id);
  }

  async unassign(principal: Principal, id: string, userIds: string[]): Promise<TaskView> {
    const task = await this.changeable(principal, id, 'edit');
    await this.uow.run(async (tx) => {
      const removed = await this.tasks.removeMembers(tx, task.id, [...new Set(userIds)], 'assignee');
      if (removed.length > 0)
        await this.record(tx, task, { actorId: principal.userId, kind: 'unassigned', userIds: removed });
    });
    return this.get(principal, id);
  }

  /** Any reader may follow a task (and stop following it). */
  async watch(principal: Principal, id: string, on: boolean): Promise<TaskView> {
    const task = await this.readable(principal, id);
    await this.uow.run(async (tx) => {
      if (on) await this.tasks.addMembers(tx, task.id, [principal.userId], 'watcher');
      else await this.tasks.removeMembers(tx, task.id, [principal.userId], 'watcher');
    });
    return this.get(principal, id);
  }

  /** The task as this reader sees it, or 404 when they may not read it. */
  async readable(principal: Principal, id: string): Promise<TaskEntity> {
    await this.access.requireAccess(principal, 'task.read', id);
    return (await this.tasks.findById(id)) ?? failNotFound();
  }

  /** Readers who are neither the creator nor an assignee hear a refusal, not a 404: they can see the task. */
  async changeable(principal: Principal, id: string, action: 'status' | 'edit'): Promise<TaskEntity> {
    await this.access.requireAccess(principal, action === 'status' ? 'task.status' : 'task.edit', id);
    return (await this.tasks.findById(id)) ?? failNotFound();
  }

  /** Active staff in the directory, all of them or an error. */
  private async staff(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return [];
    const found = await this.users.findByIds(ids);
    if (found.length !== ids.length || found.some((u) => u.kind !== 'staff' || u.disabledAt))
      throw TaskException.badAssignee();
    return found;
  }

  /** Writes the history row and the card event; tells readers' clients after the commit. */
  async record(tx: Tx, task: TaskEntity, event: Omit<NewTaskEvent, 'taskId'>): Promise<TaskEventEntity> {
    const stored = await this.tasks.insertEvent(tx, { ...event, taskId: task.id });
    await this.events.publish(tx, { name: JobName.TaskChanged, data: { taskId: task.id, eventId: stored.id } });
    await this.events.publish(tx, {
      name: JobName.WebhookFanout,
      data: { event: 'task.changed', taskId: task.id, taskEventId: stored.id },
    });
    tx.afterCommit(() => {
      this.tasks
        .membersOf([task.id])
        // People on the task may be outside its room, so their copy does not name it; the room's says which room.
        .then((members) =>
          this.realtime.toUsers([...new Set([task.createdBy, ...members.map((m) => m.userId)])], 'task.changed', {
            taskId: task.id,
            roomId: null,
            kind: stored.kind,
          }),
        )
        // A live hint only: the change is committed and the pages read it on their next fetch.
        .catch((error: unknown) =>
          this.logger.warn(`task ${task.id}: change not pushed to its people: ${String(error)}`),
        );
      this.realtime.toRoom(task.roomId, 'task.changed', { taskId: task.id, roomId: task.roomId, kind: stored.kind });
    });
    return stored;
  }
}

function reader(principal: Principal): { userId: string; agencyId: string | null } {
  return { userId: principal.userId, agencyId: principal.kind === 'staff' ? principal.agencyId : null };
}

/** The last task of a page; the next page starts after it (compared in PostgreSQL, microseconds and all). */
function encodeCursor(task: TaskEntity): string {
  return Buffer.from(task.id).toString('base64url');
}

function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/i.test(id))
    throw validationFailed([{ field: 'cursor', problems: [{ en: 'not a cursor this API gave', ko: '잘못된 커서' }] }]);
  return id;
}

function failNotFound(): never {
  throw TaskException.notFound();
}
