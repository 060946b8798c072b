import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { validationFailed } from '../common/ieum.exception.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { Principal } from '../identity/identity.types.js';
import { TaskException } from './task.exception.js';
import { TaskRepository } from './task.repository.js';
import { TaskService } from './task.service.js';
import { TaskViewService } from './task-views.service.js';
import type { TaskEventView, TaskView } from './tasks.types.js';

/**
 * A task's activity besides its own fields and people: comments (into the task's thread), the
 * checklist, and the history. Each change is recorded as TaskService records its own (the history
 * row, the card event and the live hint in one transaction).
 */
@Injectable()
export class TaskActivityService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly taskRows: TaskRepository,
    private readonly tasks: TaskService,
    private readonly access: AccessService,
    private readonly views: TaskViewService,
  ) {}

  /**
   * The people on the task (creator, assignees, watchers) and members of its room comment; the
   * comment goes into the task's thread. Other readers are told to watch it or ask to be added.
   */
  async comment(principal: Principal, id: string, body: string): Promise<TaskEventView> {
    const task = await this.tasks.readable(principal, id);
    const text = body.trim();
    if (text.length === 0 || text.length > 4000)
      throw validationFailed([
        { field: 'body', problems: [{ en: 'a comment is 1-4000 characters', ko: '댓글은 1~4000자여야 합니다' }] },
      ]);
    await this.access.requireAccess(principal, 'task.comment', task.id);
    const event = await this.uow.run((tx) =>
      this.tasks.record(tx, task, { actorId: principal.userId, kind: 'comment', body: text }),
    );
    return (await this.views.eventViews([event]))[0] ?? failMissing();
  }

  async addChecklistItem(principal: Principal, id: string, text: string): Promise<TaskView> {
    const task = await this.tasks.changeable(principal, id, 'edit');
    const clean = text.trim();
    if (clean.length === 0 || clean.length > 500)
      throw validationFailed([
        { field: 'text', problems: [{ en: 'an item is 1-500 characters', ko: '항목은 1~500자여야 합니다' }] },
      ]);
    await this.uow.run(async (tx) => {
      await this.taskRows.addChecklistItem(tx, task.id, clean);
      await this.tasks.record(tx, task, { actorId: principal.userId, kind: 'checklist', body: `+ ${clean}` });
    });
    return this.tasks.get(principal, id);
  }

  async setChecklistItem(principal: Principal, id: string, itemId: string, done: boolean): Promise<TaskView> {
    const task = await this.tasks.changeable(principal, id, 'edit');
    await this.uow.run(async (tx) => {
      const item = await this.taskRows.setChecklistDone(tx, task.id, itemId, done ? principal.userId : null);
      if (!item) throw TaskException.checklistItemNotFound();
      await this.tasks.record(tx, task, {
        actorId: principal.userId,
        kind: 'checklist',
        body: `${done ? '☑' : '☐'} ${item.text}`,
      });
    });
    return this.tasks.get(principal, id);
  }

  async history(principal: Principal, id: string): Promise<TaskEventView[]> {
    const task = await this.tasks.readable(principal, id);
    return this.views.eventViews(await this.taskRows.history(task.id));
  }
}

function failMissing(): never {
  throw new Error('a stored task event could not be read back');
}
