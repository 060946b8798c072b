import { Inject, Injectable } from '@nestjs/common';
import { formatDue } from '../common/duration-text.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserRepository } from '../identity/user.repository.js';
import { RoomService } from '../messenger/room.service.js';
import type { TaskEventEntity } from './task-event.entity.js';
import { TaskRepository } from './task.repository.js';
import { TASK_STATUS_TEXT } from './tasks.types.js';

/** A change card for the task bot to post: where, in which thread, what, and whom to tell. */
export interface TaskCard {
  taskId: string;
  roomId: string;
  threadRootId: string | null;
  kind: TaskEventEntity['kind'];
  body: string;
  /** People the change concerns who are not in the room: told by direct message instead. */
  outsideRoom: string[];
}

/** The text of task cards: what the task bot posts in a task's room for each change, and the task's link. */
@Injectable()
export class TaskCardService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly tasks: TaskRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly rooms: RoomService,
  ) {}

  /**
   * The card for one change, as the task bot posts it: the creation card opens the task's thread
   * in its room, later cards go into that thread. Null when the task or event is gone.
   */
  async card(taskId: string, eventId: string): Promise<TaskCard | null> {
    const [task, event] = await Promise.all([this.tasks.findById(taskId), this.tasks.findEvent(eventId)]);
    if (!task || !event || event.taskId !== task.id) return null;
    const members = await this.tasks.membersOf([task.id]);
    const assigneeIds = members.filter((m) => m.role === 'assignee').map((m) => m.userId);
    const watcherIds = members.filter((m) => m.role === 'watcher').map((m) => m.userId);
    const concerned = [
      ...new Set(
        event.kind === 'created' || event.kind === 'assigned'
          ? event.userIds
          : [task.createdBy, ...assigneeIds, ...watcherIds, ...event.userIds],
      ),
    ].filter((id) => id !== event.actorId);
    const people = new Map(
      (
        await this.users.findByIds([
          ...new Set([...concerned, ...assigneeIds, ...(event.actorId ? [event.actorId] : [])]),
        ])
      ).map((u) => [u.id, u]),
    );
    const mention = (ids: string[]) =>
      ids.flatMap((id) => (people.get(id) ? [`@${people.get(id)?.login ?? ''}`] : [])).join(' ');
    const actor = event.actorId ? (people.get(event.actorId)?.displayName ?? '') : '';
    const head = `${task.title} [${task.id.slice(0, 8)}]`;
    let lines: string[];
    switch (event.kind) {
      case 'created': {
        const agencies = await this.agencies.findByIds((await this.tasks.agenciesOf([task.id])).map((a) => a.agencyId));
        const due = task.dueAt ? formatDue(task.dueAt, 'Asia/Seoul') : null;
        lines = [
          `📋 새 과제 / New task: ${head}`,
          `담당 / Assignees: ${mention(assigneeIds) || '-'}`,
          ...(due ? [`기한 / Due: ${due.ko} (${due.en})`] : []),
          ...(agencies.length > 0 ? [`참여 기관 / Agencies: ${agencies.map((a) => a.name).join(', ')}`] : []),
          `등록 / By: ${actor}`,
          // The web client's page of the task: what the card opens.
          this.link(task.id),
        ];
        break;
      }
      case 'status': {
        const from = event.fromStatus ? TASK_STATUS_TEXT[event.fromStatus] : null;
        const to = event.toStatus ? TASK_STATUS_TEXT[event.toStatus] : null;
        const icon = event.toStatus === 'done' ? '✅' : event.toStatus === 'cancelled' ? '❌' : '🔄';
        lines = [
          `${icon} ${head}: ${from?.ko ?? ''} → ${to?.ko ?? ''} (${from?.en ?? ''} → ${to?.en ?? ''}) · ${actor}`,
          mention(concerned),
        ];
        break;
      }
      case 'assigned':
        lines = [`👤 ${head}: 담당 추가 / assigned ${mention(event.userIds)} · ${actor}`];
        break;
      case 'unassigned':
        lines = [
          `👤 ${head}: 담당 해제 / unassigned ${event.userIds.map((id) => people.get(id)?.displayName ?? '').join(', ')} · ${actor}`,
          mention(concerned),
        ];
        break;
      case 'edited':
        lines = [`✏️ ${head} · ${actor}`, event.body ?? '', mention(concerned)];
        break;
      case 'comment':
        lines = [`💬 ${actor}: ${event.body ?? ''}`, mention(concerned)];
        break;
      case 'checklist':
        lines = [`☑️ ${head}: ${event.body ?? ''} · ${actor}`];
        break;
    }
    const memberIds = new Set(await this.rooms.memberIds(task.roomId));
    return {
      taskId: task.id,
      roomId: task.roomId,
      threadRootId: task.cardMessageId,
      kind: event.kind,
      body: lines.filter((l) => l.trim().length > 0).join('\n'),
      outsideRoom: concerned.filter((id) => !memberIds.has(id)),
    };
  }

  async setCard(taskId: string, messageId: string): Promise<void> {
    await this.tasks.setCard(taskId, messageId);
  }

  /** Where the web client opens a task. */
  link(taskId: string): string {
    return `${this.config.http.publicUrl}/tasks/${taskId}`;
  }
}
