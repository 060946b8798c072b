import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { TaskAgencyEntity } from './task-agency.entity.js';
import { TaskChecklistItemEntity } from './task-checklist-item.entity.js';
import { TaskEventEntity } from './task-event.entity.js';
import { TaskMemberEntity } from './task-member.entity.js';
import { TaskEntity } from './task.entity.js';
import type { TaskEventKind, TaskMemberRole, TaskStatus } from './tasks.types.js';

export interface NewTaskEvent {
  taskId: string;
  actorId: string | null;
  kind: TaskEventKind;
  fromStatus?: TaskStatus | null;
  toStatus?: TaskStatus | null;
  body?: string | null;
  userIds?: string[];
}

export interface TaskListFilter {
  /** Tasks the person created, is assigned to or watches. */
  mineOf?: string;
  /** Tasks this agency owns or takes part in. */
  agencyOf?: string;
  roomId?: string;
  overdueAt?: Date;
  /** Open or in progress, due inside this window. */
  due?: { from: Date; to: Date };
  statuses?: TaskStatus[];
  /** Only tasks this reader may see: their agency's, their agency taking part, or theirs. */
  reader: { userId: string; agencyId: string | null };
  /** The last task of the previous page. */
  afterId?: string;
  limit: number;
}

/** Who may read: the owning agency, participating agencies, the creator, assignees and watchers. */
const READABLE = `(t.owner_agency_id = :readerAgency OR t.created_by = :readerId
  OR EXISTS (SELECT 1 FROM task_agencies ta WHERE ta.task_id = t.id AND ta.agency_id = :readerAgency)
  OR EXISTS (SELECT 1 FROM task_members tm WHERE tm.task_id = t.id AND tm.user_id = :readerId))`;

/** A CTE named reached: whom a reminder of each task the `tasks` query picks goes to (see remindedPeople). */
function reminded(tasks: string): string {
  return `WITH picked AS (${tasks}), assigned AS (
      SELECT m.task_id, m.user_id FROM task_members m JOIN picked p ON p.id = m.task_id JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
       WHERE m.role = 'assignee'
    ), reached AS (
      SELECT task_id, user_id, false AS unassigned FROM assigned
      UNION ALL
      SELECT t.id, t.created_by, true FROM tasks t JOIN picked p ON p.id = t.id JOIN users u ON u.id = t.created_by AND u.disabled_at IS NULL
       WHERE NOT EXISTS (SELECT 1 FROM assigned a WHERE a.task_id = t.id)
    )`;
}

@Injectable()
export class TaskRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>,
    @InjectRepository(TaskMemberEntity) private readonly members: Repository<TaskMemberEntity>,
    @InjectRepository(TaskAgencyEntity) private readonly agencies: Repository<TaskAgencyEntity>,
    @InjectRepository(TaskEventEntity) private readonly events: Repository<TaskEventEntity>,
    @InjectRepository(TaskChecklistItemEntity) private readonly checklist: Repository<TaskChecklistItemEntity>,
  ) {}

  async findById(id: string, tx?: Tx): Promise<TaskEntity | null> {
    return (tx?.manager.getRepository(TaskEntity) ?? this.tasks).findOneBy({ id });
  }

  async findBySourceKey(sourceKey: string): Promise<TaskEntity | null> {
    return this.tasks.findOneBy({ sourceKey });
  }

  /** Tasks whose id starts with `prefix` that the reader may see (what /task commands take). */
  async findByRef(prefix: string, reader: TaskListFilter['reader']): Promise<TaskEntity[]> {
    return this.tasks
      .createQueryBuilder('t')
      .where(`t.id::text LIKE :prefix`, { prefix: `${prefix.toLowerCase()}%` })
      .andWhere(READABLE, { readerAgency: reader.agencyId, readerId: reader.userId })
      .limit(2)
      .getMany();
  }

  /** Of these tasks, the ones the reader may read (one statement at any number). */
  async readableIds(taskIds: readonly string[], reader: TaskListFilter['reader']): Promise<string[]> {
    const rows = await this.tasks
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.id IN (:...taskIds)', { taskIds })
      .andWhere(READABLE, { readerAgency: reader.agencyId, readerId: reader.userId })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Of these tasks, the ones the person created or has one of these roles on. */
  async heldIds(
    taskIds: readonly string[],
    userId: string,
    roles: readonly TaskMemberRole[],
  ): Promise<Array<{ id: string; roomId: string; held: boolean }>> {
    const rows = await this.tasks
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .addSelect('t.room_id', 'roomId')
      .addSelect(
        `(t.created_by = :userId OR EXISTS (SELECT 1 FROM task_members m WHERE m.task_id = t.id AND m.user_id = :userId AND m.role IN (:...roles)))`,
        'held',
      )
      .where('t.id IN (:...taskIds)', { taskIds, userId, roles })
      .getRawMany<{ id: string; roomId: string; held: boolean }>();
    return rows;
  }

  async list(filter: TaskListFilter): Promise<TaskEntity[]> {
    const q = this.tasks
      .createQueryBuilder('t')
      .where(READABLE, { readerAgency: filter.reader.agencyId, readerId: filter.reader.userId });
    if (filter.mineOf)
      q.andWhere(
        `(t.created_by = :mine OR EXISTS (SELECT 1 FROM task_members m WHERE m.task_id = t.id AND m.user_id = :mine))`,
        { mine: filter.mineOf },
      );
    if (filter.agencyOf)
      q.andWhere(
        `(t.owner_agency_id = :agencyOf OR EXISTS (SELECT 1 FROM task_agencies a WHERE a.task_id = t.id AND a.agency_id = :agencyOf))`,
        { agencyOf: filter.agencyOf },
      );
    if (filter.roomId) q.andWhere('t.room_id = :roomId', { roomId: filter.roomId });
    if (filter.due)
      q.andWhere(`t.due_at >= :dueFrom AND t.due_at <= :dueTo AND t.status IN ('open','in_progress')`, {
        dueFrom: filter.due.from,
        dueTo: filter.due.to,
      });
    if (filter.overdueAt)
      q.andWhere(`t.due_at < :overdueAt AND t.status IN ('open','in_progress')`, { overdueAt: filter.overdueAt });
    if (filter.statuses && filter.statuses.length > 0)
      q.andWhere('t.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.afterId)
      q.andWhere('(t.created_at, t.id) < (SELECT p.created_at, p.id FROM tasks p WHERE p.id = :afterId)', {
        afterId: filter.afterId,
      });
    return q.orderBy('t.created_at', 'DESC').addOrderBy('t.id', 'DESC').limit(filter.limit).getMany();
  }

  async insertOnce(
    tx: Tx,
    task: Pick<
      TaskEntity,
      | 'title'
      | 'description'
      | 'ownerAgencyId'
      | 'createdBy'
      | 'priority'
      | 'dueAt'
      | 'roomId'
      | 'cardMessageId'
      | 'sourceKey'
    >,
  ): Promise<{ task: TaskEntity; created: boolean }> {
    const inserted = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(TaskEntity)
      .values(task)
      .orIgnore()
      .returning('id')
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (id) return { task: await tx.manager.findOneByOrFail(TaskEntity, { id }), created: true };
    return { task: await tx.manager.findOneByOrFail(TaskEntity, { sourceKey: task.sourceKey ?? '' }), created: false };
  }

  /** Moves the status only from the one the caller read; false when someone else changed it first. */
  async changeStatus(tx: Tx, id: string, from: TaskStatus, to: TaskStatus): Promise<boolean> {
    const result = await tx.manager
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ status: to, version: () => 'version + 1' })
      .where('id = :id AND status = :from', { id, from })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async update(
    tx: Tx,
    id: string,
    patch: Partial<Pick<TaskEntity, 'title' | 'description' | 'priority' | 'dueAt' | 'cardMessageId'>>,
  ): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  async setCard(id: string, messageId: string): Promise<void> {
    await this.tasks
      .createQueryBuilder()
      .update()
      .set({ cardMessageId: messageId })
      .where('id = :id AND card_message_id IS NULL', { id })
      .execute();
  }

  async addAgencies(tx: Tx, taskId: string, agencyIds: string[]): Promise<void> {
    if (agencyIds.length === 0) return;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(TaskAgencyEntity)
      .values(agencyIds.map((agencyId) => ({ taskId, agencyId })))
      .orIgnore()
      .execute();
  }

  /** Returns the people newly given the role. */
  async addMembers(tx: Tx, taskId: string, userIds: string[], role: TaskMemberRole): Promise<string[]> {
    if (userIds.length === 0) return [];
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(TaskMemberEntity)
      .values(userIds.map((userId) => ({ taskId, userId, role })))
      .orIgnore()
      .returning('user_id')
      .execute();
    return (result.raw as Array<{ user_id: string }>).map((r) => r.user_id);
  }

  async removeMembers(tx: Tx, taskId: string, userIds: string[], role: TaskMemberRole): Promise<string[]> {
    if (userIds.length === 0) return [];
    const result = await tx.manager
      .createQueryBuilder()
      .delete()
      .from(TaskMemberEntity)
      .where('task_id = :taskId AND role = :role AND user_id IN (:...userIds)', { taskId, role, userIds })
      .returning('user_id')
      .execute();
    return (result.raw as Array<{ user_id: string }>).map((r) => r.user_id);
  }

  async membersOf(taskIds: string[]): Promise<TaskMemberEntity[]> {
    if (taskIds.length === 0) return [];
    return this.members.find({ where: { taskId: In(taskIds) }, order: { createdAt: 'ASC' } });
  }

  async agenciesOf(taskIds: string[]): Promise<TaskAgencyEntity[]> {
    if (taskIds.length === 0) return [];
    return this.agencies.findBy({ taskId: In(taskIds) });
  }

  async insertEvent(tx: Tx, event: NewTaskEvent): Promise<TaskEventEntity> {
    return tx.manager.save(
      TaskEventEntity,
      tx.manager.create(TaskEventEntity, { fromStatus: null, toStatus: null, body: null, userIds: [], ...event }),
    );
  }

  async findEvent(id: string): Promise<TaskEventEntity | null> {
    return this.events.findOneBy({ id });
  }

  async history(taskId: string): Promise<TaskEventEntity[]> {
    return this.events.find({ where: { taskId }, order: { createdAt: 'ASC' } });
  }

  async checklistOf(taskIds: string[]): Promise<TaskChecklistItemEntity[]> {
    if (taskIds.length === 0) return [];
    return this.checklist.find({ where: { taskId: In(taskIds) }, order: { position: 'ASC' } });
  }

  async addChecklistItem(tx: Tx, taskId: string, text: string): Promise<TaskChecklistItemEntity> {
    const rows: Array<{ next: number }> = await tx.manager.query(
      `SELECT coalesce(max(position), 0) + 1 AS next FROM task_checklist_items WHERE task_id = $1`,
      [taskId],
    );
    return tx.manager.save(
      TaskChecklistItemEntity,
      tx.manager.create(TaskChecklistItemEntity, {
        taskId,
        text,
        position: rows[0]?.next ?? 1,
        doneAt: null,
        doneBy: null,
      }),
    );
  }

  async setChecklistDone(
    tx: Tx,
    taskId: string,
    itemId: string,
    doneBy: string | null,
  ): Promise<TaskChecklistItemEntity | null> {
    await tx.manager.update(
      TaskChecklistItemEntity,
      { id: itemId, taskId },
      { doneAt: doneBy ? new Date() : null, doneBy },
    );
    return tx.manager.findOneBy(TaskChecklistItemEntity, { id: itemId, taskId });
  }

  /** Serialises changes to one task (its status, its members) until the transaction ends. */
  async lock(tx: Tx, id: string): Promise<TaskEntity | null> {
    return tx.manager
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  /** Open tasks with a due date inside the window, with their assignees, for due reminders. */
  async dueBetween(from: Date, to: Date): Promise<TaskEntity[]> {
    return this.tasks
      .createQueryBuilder('t')
      .where(`t.status IN ('open','in_progress') AND t.due_at > :from AND t.due_at <= :to`, { from, to })
      .getMany();
  }

  async reminderSent(taskId: string, offsetMinutes: number, dueAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM task_reminder_sends WHERE task_id = $1 AND offset_minutes = $2 AND due_at = $3`,
      [taskId, offsetMinutes, dueAt],
    );
    return rows.length > 0;
  }

  /**
   * Whom each task's reminders go to: its active assignees, or its creator (if active) when it has
   * none, so a task nobody was assigned to, or whose assignees left, still reminds someone.
   */
  async remindedPeople(taskIds: string[]): Promise<Array<{ taskId: string; userId: string; unassigned: boolean }>> {
    if (taskIds.length === 0) return [];
    const rows: Array<{ task_id: string; user_id: string; unassigned: boolean }> = await this.db.query(
      `${reminded('SELECT unnest($1::uuid[]) AS id')} SELECT task_id, user_id, unassigned FROM reached ORDER BY task_id, user_id`,
      [taskIds],
    );
    return rows.map((r) => ({ taskId: r.task_id, userId: r.user_id, unassigned: r.unassigned }));
  }

  /** People with overdue tasks (their active assignees, or the creator of those with none), and those tasks (oldest due first). */
  async overdueByPerson(now: Date): Promise<Array<{ userId: string; timeZone: string; tasks: TaskEntity[] }>> {
    const rows: Array<{ user_id: string; time_zone: string; task_id: string }> = await this.db.query(
      `${reminded(`SELECT id FROM tasks WHERE status IN ('open','in_progress') AND due_at < $1`)}
       SELECT r.user_id, u.time_zone, t.id AS task_id FROM reached r
       JOIN tasks t ON t.id = r.task_id
       JOIN users u ON u.id = r.user_id
       ORDER BY r.user_id, t.due_at`,
      [now],
    );
    const tasks = new Map(
      (await this.tasks.findBy({ id: In([...new Set(rows.map((r) => r.task_id))]) })).map((t) => [t.id, t]),
    );
    const byUser = new Map<string, { userId: string; timeZone: string; tasks: TaskEntity[] }>();
    for (const row of rows) {
      const entry = byUser.get(row.user_id) ?? { userId: row.user_id, timeZone: row.time_zone, tasks: [] };
      const task = tasks.get(row.task_id);
      if (task) entry.tasks.push(task);
      byUser.set(row.user_id, entry);
    }
    return [...byUser.values()];
  }

  async digestSent(userId: string, localDate: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM task_digest_sends WHERE user_id = $1 AND local_date = $2`,
      [userId, localDate],
    );
    return rows.length > 0;
  }

  async markDigestSent(userId: string, localDate: string): Promise<void> {
    await this.db.query(`INSERT INTO task_digest_sends (user_id, local_date) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      userId,
      localDate,
    ]);
  }

  async markReminderSent(taskId: string, offsetMinutes: number, dueAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO task_reminder_sends (task_id, offset_minutes, due_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [taskId, offsetMinutes, dueAt],
    );
  }
}
