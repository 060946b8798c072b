import { Injectable } from '@nestjs/common';
import { FileRepository } from '../files/file.repository.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UserRepository } from '../identity/user.repository.js';
import { RoomService } from '../messenger/room.service.js';
import type { TaskEventEntity } from './task-event.entity.js';
import type { TaskEntity } from './task.entity.js';
import { TaskException } from './task.exception.js';
import { TaskRepository } from './task.repository.js';
import { TaskStatus, type TaskEventView, type TaskPersonView, type TaskView } from './tasks.types.js';

/** How tasks and their history read to one reader: people, agencies, checklist, the thread's files (when the reader is in the room), what they may do. */
@Injectable()
export class TaskViewService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly rooms: RoomService,
    private readonly files: FileRepository,
  ) {}

  async view(principal: Principal, task: TaskEntity, now = new Date()): Promise<TaskView> {
    return (await this.views(principal, [task], now))[0] ?? failNotFound();
  }

  async views(principal: Principal, tasks: TaskEntity[], now = new Date()): Promise<TaskView[]> {
    if (tasks.length === 0) return [];
    const ids = tasks.map((t) => t.id);
    const joined = await this.joinedRooms(
      principal,
      tasks.map((t) => t.roomId),
    );
    const [members, agencyRows, checklist, files] = await Promise.all([
      this.tasks.membersOf(ids),
      this.tasks.agenciesOf(ids),
      this.tasks.checklistOf(ids),
      this.files.inThreads(tasks.flatMap((t) => (t.cardMessageId && joined.has(t.roomId) ? [t.cardMessageId] : []))),
    ]);
    const people = new Map(
      (
        await this.users.findByIds([...new Set([...members.map((m) => m.userId), ...tasks.map((t) => t.createdBy)])])
      ).map((u) => [u.id, person(u)]),
    );
    const agencies = new Map(
      (
        await this.agencies.findByIds([
          ...new Set([...agencyRows.map((a) => a.agencyId), ...tasks.map((t) => t.ownerAgencyId)]),
        ])
      ).map((a) => [a.id, { id: a.id, name: a.name }]),
    );
    return tasks.map((task) => {
      const mine = members.filter((m) => m.taskId === task.id);
      const assignees = mine.filter((m) => m.role === 'assignee').flatMap((m) => people.get(m.userId) ?? []);
      const mayChange = task.createdBy === principal.userId || assignees.some((a) => a.id === principal.userId);
      const inRoom = joined.has(task.roomId);
      const onTask = task.createdBy === principal.userId || mine.some((m) => m.userId === principal.userId);
      return {
        id: task.id,
        ref: task.id.slice(0, 8),
        title: task.title,
        description: task.description,
        status: task.status,
        priority: task.priority,
        dueAt: task.dueAt?.toISOString() ?? null,
        overdue:
          task.dueAt !== null &&
          task.dueAt < now &&
          (task.status === TaskStatus.Open || task.status === TaskStatus.InProgress),
        ownerAgency: agencies.get(task.ownerAgencyId) ?? { id: task.ownerAgencyId, name: '' },
        agencies: agencyRows.filter((a) => a.taskId === task.id).flatMap((a) => agencies.get(a.agencyId) ?? []),
        createdBy: people.get(task.createdBy) ?? { id: task.createdBy, login: '', displayName: '', agencyId: null },
        assignees,
        watchers: mine.filter((m) => m.role === 'watcher').flatMap((m) => people.get(m.userId) ?? []),
        checklist: checklist
          .filter((c) => c.taskId === task.id)
          .map((c) => ({ id: c.id, text: c.text, done: c.doneAt !== null, doneAt: c.doneAt?.toISOString() ?? null })),
        files: inRoom
          ? files
              .filter((f) => f.threadRootId === task.cardMessageId)
              .map((f) => ({ id: f.id, name: f.name, contentType: f.contentType, size: Number(f.size) }))
          : [],
        roomId: inRoom ? task.roomId : null,
        cardMessageId: inRoom ? task.cardMessageId : null,
        createdAt: task.createdAt.toISOString(),
        updatedAt: task.updatedAt.toISOString(),
        can: { changeStatus: mayChange, edit: mayChange, comment: onTask || inRoom },
      };
    });
  }

  async eventViews(events: TaskEventEntity[]): Promise<TaskEventView[]> {
    const people = new Map(
      (await this.users.findByIds([...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))])).map((u) => [
        u.id,
        person(u),
      ]),
    );
    return events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actorId ? (people.get(e.actorId) ?? null) : null,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      body: e.body,
      userIds: e.userIds,
      createdAt: e.createdAt.toISOString(),
    }));
  }

  /** Which of these rooms the person may read now, by the messenger's own rule. */
  private joinedRooms(principal: Principal, roomIds: string[]): Promise<Set<string>> {
    return this.rooms.accessible(principal, roomIds);
  }
}

function person(user: UserEntity): TaskPersonView {
  return { id: user.id, login: user.login, displayName: user.displayName, agencyId: user.agencyId };
}

function failNotFound(): never {
  throw TaskException.notFound();
}
