import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import type { Principal } from '../identity/identity.types.js';
import { RoomService } from '../messenger/room.service.js';
import { TaskException } from './task.exception.js';
import { TaskRepository } from './task.repository.js';

/**
 * Who may do what to tasks. Read: its creator, its people (assignees, watchers), and the staff of
 * its owning agency and of the agencies it is shared with. Edit and status: its creator and
 * assignees. Comment: its creator and people, and the members of its room.
 */
@Injectable()
export class TaskAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'task';

  constructor(
    private readonly access: AccessService,
    private readonly tasks: TaskRepository,
    private readonly rooms: RoomService,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    switch (action) {
      case 'read':
        return new Set(
          await this.tasks.readableIds(ids, {
            userId: principal.userId,
            agencyId: principal.kind === 'staff' ? principal.agencyId : null,
          }),
        );
      case 'edit':
      case 'status':
        return new Set(
          (await this.tasks.heldIds(ids, principal.userId, ['assignee'])).filter((t) => t.held).map((t) => t.id),
        );
      case 'comment': {
        const rows = await this.tasks.heldIds(ids, principal.userId, ['assignee', 'watcher']);
        const joined = await this.rooms.accessible(
          principal,
          rows.filter((t) => !t.held).map((t) => t.roomId),
        );
        return new Set(rows.filter((t) => t.held || joined.has(t.roomId)).map((t) => t.id));
      }
      default:
        return new Set();
    }
  }

  notFound(): Error {
    return TaskException.notFound();
  }

  forbidden(action: string): Error {
    return action === 'comment'
      ? TaskException.notInDiscussion()
      : TaskException.notAllowed(action === 'status' ? 'status' : 'edit');
  }
}
