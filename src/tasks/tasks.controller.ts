import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { TaskService } from './task.service.js';
import { ChangeTaskStatusDto, ChecklistDoneDto, ChecklistItemDto, CreateTaskDto, ListTasksQueryDto, TaskCommentDto, TaskPeopleDto, UpdateTaskDto, WatchDto } from './tasks.dto.js';
import type { TaskEventView, TaskView } from './tasks.types.js';
import { httpSourceKey } from '../common/idempotency.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TaskService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListTasksQueryDto): Promise<{ tasks: TaskView[]; nextCursor: string | null }> {
    return this.tasks.list(principal, { scope: query.scope ?? 'mine', roomId: query.roomId, overdue: query.overdue, dueWithinDays: query.dueWithinDays, statuses: query.status, cursor: query.cursor, limit: query.limit });
  }

  /** 201 when created, 200 when the idempotency key found the task a first request made. */
  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTaskDto, @Res({ passthrough: true }) res: Response): Promise<TaskView> {
    const { idempotencyKey, ...input } = body;
    const { task, created } = await this.tasks.create(principal, { ...input, sourceKey: httpSourceKey(principal.userId, idempotencyKey) });
    res.status(created ? 201 : 200);
    return task;
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<TaskView> {
    return this.tasks.get(principal, id);
  }

  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: UpdateTaskDto): Promise<TaskView> {
    return this.tasks.update(principal, id, body);
  }

  @Post(':id/status')
  @HttpCode(200)
  status(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: ChangeTaskStatusDto): Promise<TaskView> {
    return this.tasks.changeStatus(principal, id, body.status);
  }

  @Post(':id/assignees')
  @HttpCode(200)
  assign(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: TaskPeopleDto): Promise<TaskView> {
    return this.tasks.assign(principal, id, body.userIds);
  }

  @Delete(':id/assignees/:userId')
  unassign(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string): Promise<TaskView> {
    return this.tasks.unassign(principal, id, [userId]);
  }

  @Put(':id/watching')
  watch(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: WatchDto): Promise<TaskView> {
    return this.tasks.watch(principal, id, body.watching);
  }

  @Post(':id/comments')
  comment(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: TaskCommentDto): Promise<TaskEventView> {
    return this.tasks.comment(principal, id, body.body);
  }

  @Post(':id/checklist')
  addChecklistItem(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: ChecklistItemDto): Promise<TaskView> {
    return this.tasks.addChecklistItem(principal, id, body.text);
  }

  @Patch(':id/checklist/:itemId')
  setChecklistItem(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Param('itemId', uuid) itemId: string, @Body() body: ChecklistDoneDto): Promise<TaskView> {
    return this.tasks.setChecklistItem(principal, id, itemId, body.done);
  }

  @Get(':id/history')
  history(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<TaskEventView[]> {
    return this.tasks.history(principal, id);
  }
}
